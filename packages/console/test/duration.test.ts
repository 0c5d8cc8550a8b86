import { describe, expect, it } from 'vitest';
import { durationInWords, largestExactUnit, secondsOf, valueInWords } from '../src/format/duration.ts';

describe('durations in words', () => {
  it('uses the largest units that divide exactly, weeks only when whole', () => {
    expect(durationInWords(5400)).toBe('1 hour 30 minutes');
    expect(durationInWords(2_592_000)).toBe('30 days');
    expect(durationInWords(31_536_000)).toBe('365 days');
    expect(durationInWords(1_209_600)).toBe('2 weeks');
    expect(durationInWords(61)).toBe('1 minute 1 second');
    expect(durationInWords(0)).toBe('0 seconds');
    expect(durationInWords(2_147_483_647)).toBe('never (2147483647 seconds)');
  });

  it('spells never and none out, and reads booleans and counts as they are', () => {
    expect(valueInWords('never')).toBe('never expires');
    expect(valueInWords('none')).toBe('none (no limit)');
    expect(valueInWords(true)).toBe('on');
    expect(valueInWords(5, 'other')).toBe('5');
  });

  it('shows a number of seconds as a number and the largest exact unit, and back', () => {
    expect(largestExactUnit(1800)).toEqual({ amount: 30, unit: 'm' });
    expect(largestExactUnit(2_592_000)).toEqual({ amount: 30, unit: 'd' });
    expect(largestExactUnit(90)).toEqual({ amount: 90, unit: 's' });
    expect(secondsOf(30, 'm')).toBe(1800);
  });
});
