import { describe, expect, it } from 'vitest';
import { BenchUsageError, parseOptions, USAGE } from '../../bench/options.ts';

// the benchmark's command line only: nothing here starts a server or measures anything
describe('npm run bench options', () => {
  it('answers --help and -h with the usage', () => {
    expect(parseOptions(['--help'])).toEqual({ help: USAGE });
    expect(parseOptions(['--store', 'postgres', '-h'])).toEqual({ help: USAGE });
    expect(USAGE).toMatch(/^npm run bench -- \[--help\]/);
  });

  it('refuses an unknown option with the usage, as a usage error', () => {
    expect(() => parseOptions(['--bogus'])).toThrow(BenchUsageError);
    expect(() => parseOptions(['--bogus'])).toThrow(`Unknown option '--bogus'\n${USAGE}`);
    expect(() => parseOptions(['--runs', 'x'])).toThrow(BenchUsageError);
  });

  it('still reads the options', () => {
    expect(parseOptions(['--store', 'postgres', '--cases', 'refresh', '--duration', '8'])).toMatchObject({
      store: 'postgres',
      cases: ['refresh'],
      duration: 8,
      runs: 2,
      workers: 1,
    });
  });
});
