import { useState } from 'react';
import { ScrollRegion } from '../../components/scroll-region.tsx';
import { type PieceRun, pieceRuns } from './piece-runs.ts';
import type { Piece } from './scenario.ts';
import { causeInWords, KIND_NAMES, lengthInWords, offsetInWords } from './timeline-words.ts';

function pieceName(run: PieceRun): string {
  const names = KIND_NAMES[run.kind];
  if (run.first !== run.last) return `${names.many} ${run.first}–${run.last}`;
  return run.ofKind === 1 ? names.one : `${names.one} ${run.first}`;
}

function startsInWords(run: PieceRun): string {
  if (run.every === null) return offsetInWords(run.startsAt);
  return `${offsetInWords(run.startsAt)}, then every ${lengthInWords(run.every)} until ${offsetInWords(run.lastStartsAt)}`;
}

function endsInWords(run: PieceRun): string {
  if (run.length === null || run.lastEndsAt === null) return 'never';
  if (run.every === null) return `${offsetInWords(run.lastEndsAt)} (lasts ${lengthInWords(run.length)})`;
  return `each ${lengthInWords(run.length)} after it starts; the last ${offsetInWords(run.lastEndsAt)}`;
}

/**
 * The timeline as a table, for screen readers and for precise reading: every piece (alike ones as one row,
 * unless asked for one by one), when it starts and ends, and the setting and level that end it.
 */
export function PieceTable({ pieces }: { pieces: readonly Piece[] }) {
  const [oneByOne, setOneByOne] = useState(false);
  const rows = pieceRuns(pieces, oneByOne ? Number.POSITIVE_INFINITY : 3);
  const grouped = pieceRuns(pieces).length < pieces.length;
  return (
    <>
      {grouped && (
        <label className="timeline-one-by-one">
          <input type="checkbox" checked={oneByOne} onChange={(e) => setOneByOne(e.target.checked)} /> List
          all {pieces.length} pieces one by one
        </label>
      )}
      <ScrollRegion label="Every piece">
        <table className="data timeline-pieces">
          <caption className="visually-hidden">
            Every piece of the login, when it starts and ends, and what ends it
          </caption>
          <thead>
            <tr>
              <th scope="col">Piece</th>
              <th scope="col">Starts</th>
              <th scope="col">Ends</th>
              <th scope="col">Ended by</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((run) => (
              <tr key={`${run.kind}:${run.first}`}>
                <th scope="row">{pieceName(run)}</th>
                <td>{startsInWords(run)}</td>
                <td>{endsInWords(run)}</td>
                <td>{causeInWords(run.endedBy)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}
