import { useId } from 'react';
import type { Piece, PieceKind, Simulation } from './scenario.ts';
import { axisEnd, linearScale, timeTicks } from './time-axis.ts';
import { KIND_NAMES, KIND_ORDER, lengthInWords, offsetInWords } from './timeline-words.ts';
import { useWidth } from './use-width.ts';

const NARROW = 600;
const BAND = 34;
const TOP = 28;

interface Row {
  kind: PieceKind | 'refreshes';
  label: string;
  pieces: Piece[];
}

function rowsOf(simulation: Simulation): Row[] {
  const refreshes = simulation.events.filter((e) => e.kind === 'refresh').length;
  const rows: Row[] = [{ kind: 'refreshes', label: `Refreshes (${refreshes})`, pieces: [] }];
  for (const kind of KIND_ORDER) {
    const pieces = simulation.pieces.filter((p) => p.kind === kind);
    if (pieces.length === 0) continue;
    const names = KIND_NAMES[kind];
    rows.push({ kind, label: pieces.length === 1 ? names.one : `${names.many} (${pieces.length})`, pieces });
  }
  return rows;
}

/** The words beside a piece alone in its row: how long it lasts, or that it goes on past the drawing. */
function singleLabel(piece: Piece, end: number): string {
  const before = piece.startsAt < 0 ? `from ${lengthInWords(piece.startsAt)} before login; ` : '';
  if (piece.endsAt === null) return `${before}never ends`;
  if (piece.endsAt > end) return `${before}ends ${offsetInWords(piece.endsAt)}`;
  return `${before}${lengthInWords(piece.endsAt - Math.max(0, piece.startsAt))}`;
}

/**
 * The login on a time axis: one row per kind of piece (each access, ID and refresh token its own bar, on two
 * alternating lanes so that overlapping ones stay apart), the refreshes as marks, and the login's end as a line.
 * Pieces that never end, or end past the drawing, run off its right edge with an arrow and a label. A picture
 * for the eye; the table beside it says the same in words.
 */
export function TimelineChart({ simulation, summary }: { simulation: Simulation; summary: string }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const titleId = useId();
  const descId = useId();
  const narrow = width < NARROW;
  const gutter = narrow ? 0 : 190;
  const left = gutter + 12;
  const right = width - 16;
  const rowHeight = BAND + (narrow ? 16 : 0);
  const rows = rowsOf(simulation);
  const axisY = TOP + rows.length * rowHeight + 4;
  const height = axisY + 30;
  const end = axisEnd(simulation.loginEndsAt, simulation.scenario.horizon);
  const x = linearScale([0, end], [left, right]);
  const clampX = (seconds: number) => Math.min(right, Math.max(left, x(seconds)));
  const ticks = timeTicks(end, Math.max(3, Math.floor((right - left) / 90)));
  const refreshes = simulation.events.filter((e) => e.kind === 'refresh');
  const loginEnd = simulation.loginEndsAt;

  const bar = (piece: Piece, y: number, h: number, key: string) => {
    const x1 = clampX(piece.startsAt);
    const offEdge = piece.endsAt === null || piece.endsAt > end;
    const x2 = offEdge || piece.endsAt === null ? right : clampX(piece.endsAt);
    return (
      <g key={key} className={`tl-bar tl-bar-${piece.kind}`}>
        <rect x={x1} y={y} width={Math.max(1.5, x2 - x1)} height={h} />
        {offEdge && <polygon points={`${right},${y - 2} ${right + 8},${y + h / 2} ${right},${y + h + 2}`} />}
      </g>
    );
  };

  return (
    <div ref={ref} className="timeline-chart">
      {width > 0 && (
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby={titleId}
          aria-describedby={descId}
        >
          <title id={titleId}>Timeline of the login</title>
          <desc id={descId}>
            {summary} Time runs from the login to the right; the table below lists every piece in words.
          </desc>
          {ticks.map((tick) => (
            <line key={tick.at} className="tl-grid" x1={x(tick.at)} x2={x(tick.at)} y1={TOP - 6} y2={axisY} />
          ))}
          {rows.map((row, index) => {
            const top = TOP + index * rowHeight;
            const band = top + (narrow ? 16 : 0);
            return (
              <g key={row.kind}>
                <text
                  className="tl-row-label"
                  x={narrow ? left : gutter}
                  y={narrow ? top + 12 : band + 21}
                  textAnchor={narrow ? 'start' : 'end'}
                >
                  {row.label}
                </text>
                {row.kind === 'refreshes' && refreshes.length > 0 && (
                  <path
                    className="tl-refresh"
                    d={refreshes.map((e) => `M${x(e.at)} ${band + 8}V${band + 28}`).join('')}
                  />
                )}
                {row.pieces.length === 1 && row.pieces[0] && (
                  <>
                    {bar(row.pieces[0], band + 18, 11, 'only')}
                    <text className="tl-piece-label" x={clampX(row.pieces[0].startsAt) + 2} y={band + 13}>
                      {singleLabel(row.pieces[0], end)}
                    </text>
                  </>
                )}
                {row.pieces.length > 1 &&
                  row.pieces.map((piece, i) =>
                    bar(piece, band + 5 + (i % 2) * 13, 10, `${piece.startsAt}:${i}`),
                  )}
              </g>
            );
          })}
          <line className="tl-axis" x1={left} x2={right} y1={axisY} y2={axisY} />
          {ticks.map((tick, i) => (
            <g key={tick.at}>
              <line className="tl-axis" x1={x(tick.at)} x2={x(tick.at)} y1={axisY} y2={axisY + 5} />
              <text
                className="tl-tick"
                x={x(tick.at)}
                y={axisY + 18}
                textAnchor={i === 0 ? 'start' : 'middle'}
              >
                {tick.label}
              </text>
            </g>
          ))}
          {loginEnd !== null && loginEnd > 0 && (
            <g className="tl-end">
              <line x1={x(loginEnd)} x2={x(loginEnd)} y1={TOP - 12} y2={axisY} />
              <text x={x(loginEnd) - 4} y={TOP - 14} textAnchor="end">
                login ends: {lengthInWords(loginEnd)}
              </text>
            </g>
          )}
        </svg>
      )}
    </div>
  );
}
