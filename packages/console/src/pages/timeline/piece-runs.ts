import type { EndCause, Piece, PieceKind } from './scenario.ts';
import { KIND_ORDER } from './timeline-words.ts';

/**
 * Pieces of one kind that repeat alike — the same length, the same end, issued at a steady pace — read as one
 * row: "access tokens 1–289, every 10 minutes, each 15 minutes". A login refreshed every 10 minutes for a
 * week issues a thousand tokens; listing each would hide the few that differ.
 */
export interface PieceRun {
  kind: PieceKind;
  /** 1-based positions among the pieces of its kind. */
  first: number;
  last: number;
  /** How many pieces of the kind there are in all. */
  ofKind: number;
  startsAt: number;
  lastStartsAt: number;
  /** Seconds between starts; null for a single piece. */
  every: number | null;
  /** Seconds each lasts; null: it never ends. */
  length: number | null;
  lastEndsAt: number | null;
  endedBy: EndCause | null;
}

const lengthOf = (piece: Piece): number | null =>
  piece.endsAt === null ? null : piece.endsAt - piece.startsAt;
const sameCause = (a: EndCause | null, b: EndCause | null) => JSON.stringify(a) === JSON.stringify(b);

const single = (piece: Piece, position: number, ofKind: number): PieceRun => ({
  kind: piece.kind,
  first: position,
  last: position,
  ofKind,
  startsAt: piece.startsAt,
  lastStartsAt: piece.startsAt,
  every: null,
  length: lengthOf(piece),
  lastEndsAt: piece.endsAt,
  endedBy: piece.endedBy,
});

/** The runs of each kind, kinds in timeline order; runs shorter than `least` are split into single pieces. */
export function pieceRuns(pieces: readonly Piece[], least = 3): PieceRun[] {
  const rows: PieceRun[] = [];
  for (const kind of KIND_ORDER) {
    const ofKind = pieces.filter((p) => p.kind === kind);
    const runs: PieceRun[] = [];
    ofKind.forEach((piece, index) => {
      const run = runs.at(-1);
      const gap = run && piece.startsAt - run.lastStartsAt;
      const extends_ =
        run !== undefined &&
        gap !== undefined &&
        gap > 0 &&
        (run.every === null || run.every === gap) &&
        run.length === lengthOf(piece) &&
        sameCause(run.endedBy, piece.endedBy);
      if (run && extends_) {
        run.last = index + 1;
        run.every = gap ?? null;
        run.lastStartsAt = piece.startsAt;
        run.lastEndsAt = piece.endsAt;
      } else {
        runs.push(single(piece, index + 1, ofKind.length));
      }
    });
    for (const run of runs) {
      if (run.last - run.first + 1 >= least) rows.push(run);
      else
        for (let position = run.first; position <= run.last; position++) {
          const piece = ofKind[position - 1];
          if (piece) rows.push(single(piece, position, ofKind.length));
        }
    }
  }
  return rows;
}
