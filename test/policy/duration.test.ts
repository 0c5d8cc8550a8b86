import { describe, expect, it } from 'vitest';
import { DurationSyntaxError, formatDuration, parseDurationSeconds } from '../../src/domain/duration.ts';

describe('durations', () => {
  it.each([
    [3600, 3600],
    ['3600', 3600],
    ['15m', 900],
    ['14d', 1_209_600],
    ['1h30m', 5400],
    ['2w', 1_209_600],
    ['1d12h', 129_600],
    [' 45s ', 45],
    ['0', 0],
  ])('parses %j as %i seconds', (input, seconds) => {
    expect(parseDurationSeconds(input)).toBe(seconds);
  });

  it.each([
    ['15 minutes'],
    ['1.5h'],
    ['-5'],
    [-5],
    [1.5],
    ['h'],
    [''],
    [null],
    [true],
    ['99999999999999999999'],
  ])('refuses %j', (input) => {
    expect(() => parseDurationSeconds(input)).toThrow(DurationSyntaxError);
  });

  it('names what is allowed', () => {
    expect(() => parseDurationSeconds('soon')).toThrow(
      '"soon" is not a duration: use seconds (3600) or units w, d, h, m, s ("15m", "14d", "1h30m")',
    );
  });

  it.each([
    [0, '0s'],
    [45, '45s'],
    [5400, '1h30m'],
    [1_209_600, '14d'],
    [90_061, '1d1h1m1s'],
  ])('formats %i as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
