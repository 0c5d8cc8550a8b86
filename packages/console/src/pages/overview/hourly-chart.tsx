import { useId } from 'react';
import { ScrollRegion } from '../../components/scroll-region.tsx';
import { useWidth } from '../timeline/use-width.ts';
import { axisLabels, countTicks, type HourlyData, hourLabel, totalsOf } from './hourly-series.ts';

const HEIGHT = 200;
const TOP = 12;
const BOTTOM = 28;
const LEFT = 44;
const RIGHT = 12;

/**
 * Counts per hour as bars, one colour per series stacked in each hour; drawn at the pixels it has (as the
 * lifetime timeline is), with a legend in HTML and, for screen readers and precise reading, the same numbers
 * in a table.
 */
export function HourlyChart({
  title,
  summary,
  data,
  tone = 'series',
}: {
  title: string;
  summary: string;
  data: HourlyData;
  tone?: 'series' | 'danger';
}) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const titleId = useId();
  const descId = useId();
  const totals = totalsOf(data);
  const ticks = countTicks(Math.max(...totals, 0));
  const top = ticks.at(-1) ?? 1;
  const plotWidth = Math.max(0, width - LEFT - RIGHT);
  const band = data.hours.length > 0 ? plotWidth / data.hours.length : 0;
  const y = (count: number) => TOP + (1 - count / top) * (HEIGHT - TOP - BOTTOM);
  const spansDays = data.hours.length > 24;
  const labels = axisLabels(data.hours, band);
  const toneOf = (index: number) => (tone === 'danger' ? 'hc-danger' : `hc-series-${index % 6}`);

  return (
    <div className="hourly-chart">
      <div ref={ref} className="hourly-drawing">
        {width > 0 && (
          <svg
            width={width}
            height={HEIGHT}
            viewBox={`0 0 ${width} ${HEIGHT}`}
            role="img"
            aria-labelledby={titleId}
            aria-describedby={descId}
          >
            <title id={titleId}>{title}</title>
            <desc id={descId}>{summary} The numbers under the chart list every hour with a count.</desc>
            {ticks.map((tick) => (
              <g key={tick}>
                <line className="hc-grid" x1={LEFT} x2={width - RIGHT} y1={y(tick)} y2={y(tick)} />
                <text className="hc-tick" x={LEFT - 6} y={y(tick) + 4} textAnchor="end">
                  {tick}
                </text>
              </g>
            ))}
            {data.hours.map((at, i) => {
              let stacked = 0;
              const x = LEFT + i * band + band * 0.15;
              return (
                <g key={at}>
                  {data.series.map((series, s) => {
                    const count = series.counts[i] ?? 0;
                    if (count === 0) return null;
                    const y1 = y(stacked + count);
                    const y0 = y(stacked);
                    stacked += count;
                    return (
                      <rect
                        key={series.name}
                        className={toneOf(s)}
                        x={x}
                        y={y1}
                        width={Math.max(1, band * 0.7)}
                        height={Math.max(1, y0 - y1)}
                      >
                        <title>{`${hourLabel(at, spansDays)}: ${count} ${series.name}`}</title>
                      </rect>
                    );
                  })}
                </g>
              );
            })}
            {labels.map((label) => (
              <g key={label.index}>
                <line
                  className="hc-axis"
                  x1={LEFT + label.index * band}
                  x2={LEFT + label.index * band}
                  y1={HEIGHT - BOTTOM}
                  y2={HEIGHT - BOTTOM + 4}
                />
                <text className="hc-tick" x={LEFT + label.index * band} y={HEIGHT - 8} textAnchor="start">
                  {label.text}
                </text>
              </g>
            ))}
            <line
              className="hc-axis"
              x1={LEFT}
              x2={width - RIGHT}
              y1={HEIGHT - BOTTOM}
              y2={HEIGHT - BOTTOM}
            />
          </svg>
        )}
      </div>
      <ul className="hc-legend">
        {data.series.map((series, s) => (
          <li key={series.name}>
            <span className={`hc-swatch ${toneOf(s)}`} aria-hidden="true" />
            {series.name}: {series.total}
          </li>
        ))}
      </ul>
      <details className="hc-numbers">
        <summary>{title}: hour by hour</summary>
        <ScrollRegion label={`${title}, hour by hour`}>
          <table className="data">
            <caption className="visually-hidden">{title}, each hour with a count</caption>
            <thead>
              <tr>
                <th scope="col">Hour starting</th>
                {data.series.map((series) => (
                  <th scope="col" key={series.name}>
                    {series.name}
                  </th>
                ))}
                {data.series.length > 1 && <th scope="col">All</th>}
              </tr>
            </thead>
            <tbody>
              {data.hours.map((at, i) =>
                totals[i] === 0 ? null : (
                  <tr key={at}>
                    <th scope="row">{hourLabel(at, true)}</th>
                    {data.series.map((series) => (
                      <td key={series.name}>{series.counts[i] ?? 0}</td>
                    ))}
                    {data.series.length > 1 && <td>{totals[i]}</td>}
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </div>
  );
}
