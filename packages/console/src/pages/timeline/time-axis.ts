/**
 * Seconds after the login → x on the drawing. A straight proportion written by hand: the chart plots nothing but
 * time along one axis, so a chart library's scaleLinear would bring a dependency (and a lazily loaded chunk) for
 * two lines of arithmetic.
 */
export function linearScale(domain: [number, number], range: [number, number]): (seconds: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (seconds) => r0 + ((seconds - d0) / span) * (r1 - r0);
}

/** Tick spacings a person counts in: seconds, minutes, hours, days. */
const STEPS: readonly number[] = [
  1, 5, 15, 30, 60, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800,
  1_209_600, 2_592_000, 5_184_000, 7_776_000,
];

const UNITS: ReadonlyArray<[seconds: number, name: string]> = [
  [86_400, 'd'],
  [3600, 'h'],
  [60, 'min'],
  [1, 's'],
];

/** A tick's label, short and exact: 129600 → "1 d 12 h". */
export function tickLabel(seconds: number): string {
  if (seconds === 0) return 'login';
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, name] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count} ${name}`);
    rest -= count * size;
  }
  return parts.join(' ');
}

export interface Tick {
  at: number;
  label: string;
}

/** Ticks from the login to `end`, at most `most` of them, at the finest spacing a person counts in. */
export function timeTicks(end: number, most: number): Tick[] {
  const step = STEPS.find((s) => end / s <= Math.max(1, most - 1)) ?? STEPS[STEPS.length - 1] ?? 86_400;
  const ticks: Tick[] = [];
  for (let at = 0; at <= end; at += step) ticks.push({ at, label: tickLabel(at) });
  return ticks;
}

/**
 * The span drawn: from the login to a little past its end (so the end is not on the edge), or the scenario's
 * horizon for a login that does not end. Pieces that go on past it run off the right edge.
 */
export function axisEnd(loginEndsAt: number | null, horizon: number): number {
  return loginEndsAt === null || loginEndsAt <= 0 ? horizon : loginEndsAt * 1.08;
}
