import { parseArgs } from 'node:util';
import type { StoreKind } from './store.ts';

export interface BenchOptions {
  /** Seconds per measured run. */
  duration: number;
  connections: number;
  /** Measured runs per case and server; the table shows their medians. */
  runs: number;
  /** Seconds of discarded load before each case's runs. */
  warmup: number;
  /** Opaque token rows inserted before a second Lifespan start, 0 for none. */
  preload: number;
  /** Only these cases (and the floor) when given. */
  cases: string[] | undefined;
  /** Seconds to wait at most before each run for both cores to be idle (a shared machine); 0 to not wait. */
  quietWait: number;
  /** Write a CPU profile of the (first) Lifespan process to bench/results/profiles and summarize it. */
  profile: boolean;
  /** Lifespan's store: a SQLite file, or a fresh database on the local PostgreSQL. */
  store: StoreKind;
  /** `serve --workers N`: more than one leaves Lifespan (and this process while it loads Lifespan) unpinned. */
  workers: number;
}

export const USAGE =
  'npm run bench -- [--help] [--duration 15] [--connections 32] [--runs 2] [--warmup 3] [--preload 0] ' +
  '[--cases cc-opaque,cc-rs256,cc-es256,introspect,introspect-uncached,refresh] [--quiet-wait 30] [--profile] ' +
  '[--store sqlite|postgres] [--workers 1]';

/** The command line, as node:util's parseArgs reads it. */
const OPTIONS = {
  help: { type: 'boolean', short: 'h', default: false },
  duration: { type: 'string', default: '15' },
  connections: { type: 'string', default: '32' },
  runs: { type: 'string', default: '2' },
  warmup: { type: 'string', default: '3' },
  preload: { type: 'string', default: '0' },
  cases: { type: 'string' },
  'quiet-wait': { type: 'string', default: '30' },
  profile: { type: 'boolean', default: false },
  store: { type: 'string', default: 'sqlite' },
  workers: { type: 'string', default: '1' },
} as const;

/** A mistake on the command line: reported as its message and the usage, without a stack trace. */
export class BenchUsageError extends Error {}

/** What `--help` asks for: the usage, and no benchmark. */
export interface HelpRequest {
  help: string;
}

function positive(name: string, raw: string, allowZero = false): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new BenchUsageError(
      `--${name}: expected a ${allowZero ? 'non-negative' : 'positive'} integer, got ${raw}\n${USAGE}`,
    );
  }
  return value;
}

export function parseOptions(argv: readonly string[]): BenchOptions | HelpRequest {
  const values = parseValues(argv);
  if (values.help) return { help: USAGE };
  const store = values.store;
  if (store !== 'sqlite' && store !== 'postgres') {
    throw new BenchUsageError(`--store: expected sqlite or postgres, got ${store}\n${USAGE}`);
  }
  const preload = positive('preload', values.preload, true);
  if (preload > 0 && store !== 'sqlite') throw new BenchUsageError('--preload: only with the SQLite store');
  return {
    duration: positive('duration', values.duration),
    connections: positive('connections', values.connections),
    runs: positive('runs', values.runs),
    warmup: positive('warmup', values.warmup, true),
    preload,
    cases: values.cases?.split(',').map((c) => c.trim()),
    quietWait: positive('quiet-wait', values['quiet-wait'], true),
    profile: values.profile,
    store,
    workers: positive('workers', values.workers),
  };
}

function parseValues(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true }).values;
  } catch (error) {
    // node:util's own errors (unknown option, missing value) name the mistake; the stack adds nothing
    throw new BenchUsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}
