/**
 * Durations are whole seconds. Operators may write them as a number of seconds (`3600`, `"3600"`) or as a
 * sequence of unit terms (`"15m"`, `"14d"`, `"1h30m"`, `"2w"`).
 */
const UNIT_SECONDS: Record<string, number> = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 };
const TERM = /(\d+)([wdhms])/g;
const WHOLE = /^(?:\d+[wdhms])+$/;
const DIGITS = /^\d+$/;

export class DurationSyntaxError extends Error {
  override readonly name = 'DurationSyntaxError';
}

/**
 * Parses a duration in seconds; throws DurationSyntaxError naming what is allowed. `alternative` names a word
 * the caller also accepts (" or never"), so that the message lists it.
 */
export function parseDurationSeconds(input: unknown, alternative = ''): number {
  if (typeof input === 'number') {
    if (Number.isSafeInteger(input) && input >= 0) return input;
    throw new DurationSyntaxError(
      `expected a whole, non-negative number of seconds${alternative}, got ${input}`,
    );
  }
  if (typeof input !== 'string') {
    throw new DurationSyntaxError(`expected a duration such as 3600, "15m", "14d" or "1h30m"${alternative}`);
  }
  const text = input.trim().toLowerCase();
  if (DIGITS.test(text)) return checkSafe(Number(text), input);
  if (!WHOLE.test(text)) {
    throw new DurationSyntaxError(
      `"${input}" is not a duration: use seconds (3600) or units w, d, h, m, s ("15m", "14d", "1h30m")${alternative}`,
    );
  }
  let total = 0;
  for (const [, amount, unit] of text.matchAll(TERM)) {
    total += Number(amount) * (UNIT_SECONDS[unit ?? 's'] ?? 1);
  }
  return checkSafe(total, input);
}

function checkSafe(seconds: number, input: string): number {
  if (!Number.isSafeInteger(seconds)) throw new DurationSyntaxError(`"${input}" is too large`);
  return seconds;
}

/** Formats seconds as the shortest unit sequence: 5400 → "1h30m", 0 → "0s". */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  let rest = seconds;
  let out = '';
  for (const [unit, size] of Object.entries(UNIT_SECONDS)) {
    if (unit === 'w') continue; // weeks read worse than days in explanations ("2w" vs "14d")
    const amount = Math.floor(rest / size);
    if (amount > 0) {
      out += `${amount}${unit}`;
      rest -= amount * size;
    }
  }
  return out;
}
