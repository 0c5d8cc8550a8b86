/** 2147483647 s: what `never` is minted as (about 68 years). */
export const LONGEST_LIFETIME_SECONDS = 2_147_483_647;

const UNITS: Array<[name: string, seconds: number, short: string]> = [
  ['week', 604_800, 'w'],
  ['day', 86_400, 'd'],
  ['hour', 3_600, 'h'],
  ['minute', 60, 'm'],
  ['second', 1, 's'],
];

/** Seconds in words, exactly, in the largest units that divide them: 5400 → "1 hour 30 minutes". */
export function durationInWords(seconds: number): string {
  if (seconds === LONGEST_LIFETIME_SECONDS) return 'never (2147483647 seconds)';
  if (seconds === 0) return '0 seconds';
  const parts: string[] = [];
  let rest = seconds;
  // weeks only when they divide exactly: 30 days reads better than 4 weeks 2 days
  const units = seconds % 604_800 === 0 ? UNITS : UNITS.filter(([name]) => name !== 'week');
  for (const [name, size] of units) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
      rest -= count * size;
    }
  }
  return parts.join(' ');
}

/** A setting's value as a person reads it: durations in words, never/none spelled out, the rest as is. */
export function valueInWords(value: unknown, kind: 'duration' | 'other' = 'duration'): string {
  if (value === 'never') return 'never expires';
  if (value === 'none') return 'none (no limit)';
  if (typeof value === 'number' && kind === 'duration') return durationInWords(value);
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return String(value);
}

/** The largest unit that divides the seconds exactly, for a number + unit control: 1800 → 30 minutes. */
export function largestExactUnit(seconds: number): { amount: number; unit: DurationUnit } {
  for (const [, size, short] of UNITS) {
    if (seconds !== 0 && seconds % size === 0) return { amount: seconds / size, unit: short as DurationUnit };
  }
  return { amount: seconds, unit: 's' };
}

export type DurationUnit = 'w' | 'd' | 'h' | 'm' | 's';
export const DURATION_UNITS: Array<{ unit: DurationUnit; label: string; seconds: number }> = UNITS.map(
  ([name, seconds, short]) => ({ unit: short as DurationUnit, label: `${name}s`, seconds }),
);

export const secondsOf = (amount: number, unit: DurationUnit): number =>
  amount * (DURATION_UNITS.find((u) => u.unit === unit)?.seconds ?? 1);
