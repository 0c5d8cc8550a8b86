const HOUR_MS = 3_600_000;

/** One line of a chart: a name and its count in each hour of the chart. */
export interface HourlySeries {
  name: string;
  counts: number[];
  total: number;
}

export interface HourlyData {
  /** The start of each hour shown, in milliseconds, oldest first. */
  hours: number[];
  series: HourlySeries[];
}

/** The hours of [from, to): the overview answers whole hours. */
export function hoursBetween(from: string, to: string): number[] {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const hours: number[] = [];
  for (let at = start; at < end; at += HOUR_MS) hours.push(at);
  return hours;
}

/** Sparse hourly counts (only hours with something) as one dense series per key, in order of first appearance. */
export function hourlyData<T extends { hour: string; count: number }>(
  from: string,
  to: string,
  rows: readonly T[],
  nameOf: (row: T) => string,
): HourlyData {
  const hours = hoursBetween(from, to);
  const index = new Map(hours.map((at, i) => [at, i]));
  const byName = new Map<string, HourlySeries>();
  for (const row of rows) {
    const name = nameOf(row);
    let series = byName.get(name);
    if (!series) {
      series = { name, counts: hours.map(() => 0), total: 0 };
      byName.set(name, series);
    }
    const at = index.get(Date.parse(row.hour));
    if (at === undefined) continue;
    series.counts[at] = (series.counts[at] ?? 0) + row.count;
    series.total += row.count;
  }
  return { hours, series: [...byName.values()] };
}

/** The sum of every series in each hour. */
export const totalsOf = (data: HourlyData): number[] =>
  data.hours.map((_, i) => data.series.reduce((sum, s) => sum + (s.counts[i] ?? 0), 0));

/** A grant type as a person reads it: "client_credentials" → "client credentials", "first-party:login" → "first-party login". */
export const grantName = (grantType: string): string => grantType.replace(':', ' ').replaceAll('_', ' ');

/** An hour as a person reads it, in their locale and time zone: "Nov 25, 14:00", or "14:00" alone. */
export function hourLabel(at: number, withDate: boolean): string {
  const date = new Date(at);
  return withDate
    ? date.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
    : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export interface AxisLabel {
  index: number;
  text: string;
}

/** Rough width of a tick label's character at 12 px, to keep labels apart. */
const CHARACTER_PX = 7;

/**
 * The time axis' labels, on round local hours: every 1, 2, 3, 6 or 12 hours within a day ("14:00"), or every 1,
 * 2 or 7 days at midnight over longer spans ("Nov 25"), as often as `band` pixels per hour leave room for.
 */
export function axisLabels(hours: readonly number[], band: number): AxisLabel[] {
  const days = hours.length > 48;
  const text = (at: number) =>
    days
      ? new Date(at).toLocaleDateString([], { month: 'short', day: 'numeric' })
      : new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const room = Math.max(...hours.slice(0, 3).map((at) => text(at).length), 5) * CHARACTER_PX + 12;
  const steps = days ? [24, 48, 168] : [1, 2, 3, 6, 12, 24];
  const every = steps.find((step) => step * band >= room) ?? steps.at(-1) ?? 24;
  const labels: AxisLabel[] = [];
  const right = hours.length * band;
  hours.forEach((at, index) => {
    const date = new Date(at);
    const hourOfDay = date.getHours();
    const round = days
      ? hourOfDay === 0 && Math.floor(date.getTime() / 86_400_000) % (every / 24) === 0
      : hourOfDay % every === 0;
    if (round && index * band + room - 12 <= right) labels.push({ index, text: text(at) });
  });
  return labels;
}

/** Gridlines a person counts in (1, 2, 5 × 10ⁿ), at most `most` of them above zero, covering `max`. */
export function countTicks(max: number, most = 4): number[] {
  if (max <= 0) return [0, 1];
  let step = 1;
  for (let magnitude = 1; ; magnitude *= 10) {
    const found = [1, 2, 5].map((m) => m * magnitude).find((s) => Math.ceil(max / s) <= most);
    if (found !== undefined) {
      step = found;
      break;
    }
  }
  const ticks: number[] = [];
  for (let at = 0; at <= Math.ceil(max / step) * step; at += step) ticks.push(at);
  return ticks;
}
