import type { LoadSample } from './load.ts';
import type { BenchStore } from './store.ts';

/** Everything measured for one server in one case: the discarded warm-up's errors and the measured runs. */
export interface SideResult {
  warmupErrors: number;
  /** What went wrong in a warm-up that had errors. */
  warmupErrorDetail?: LoadSample['errorDetail'];
  samples: LoadSample[];
  /** Runs repeated because other processes used the server's core meanwhile (their errors still count). */
  disturbed: LoadSample[];
}

export interface Summary {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Summed over the warm-up and every run, repeated ones included. */
  errors: number;
  cpuMicrosPerRequest: number | undefined;
  /** The store's processes (PostgreSQL), apart from the server's own CPU time. */
  storeCpuMicrosPerRequest: number | undefined;
  rssMaxKb: number | undefined;
  hwmKb: number | undefined;
  /** Some run was disturbed by other processes in every attempt (its least disturbed attempt was kept). */
  disturbed: boolean;
}

export interface CaseResult {
  id: string;
  title: string;
  lifespan: SideResult;
  peer: SideResult | undefined;
}

export interface Target {
  name: string;
  /** What was measured, as text (e.g. "3.4× peer"). */
  measured: string;
  met: boolean;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const defined = (values: readonly (number | undefined)[]): number[] =>
  values.filter((v): v is number => v !== undefined);

export function summarize(side: SideResult): Summary {
  const { samples } = side;
  const cpu = defined(samples.map((s) => s.cpuMicrosPerRequest));
  const storeCpu = defined(samples.map((s) => s.storeCpuMicrosPerRequest));
  const rss = defined(samples.map((s) => s.rssMaxKb));
  const hwm = defined(samples.map((s) => s.hwmKb));
  return {
    requestsPerSecond: median(samples.map((s) => s.requestsPerSecond)),
    latencyP50Ms: median(samples.map((s) => s.latencyP50Ms)),
    latencyP99Ms: median(samples.map((s) => s.latencyP99Ms)),
    errors: [...samples, ...side.disturbed].reduce((sum, s) => sum + s.errors, 0) + side.warmupErrors,
    cpuMicrosPerRequest: cpu.length > 0 ? median(cpu) : undefined,
    storeCpuMicrosPerRequest: storeCpu.length > 0 ? median(storeCpu) : undefined,
    rssMaxKb: rss.length > 0 ? Math.max(...rss) : undefined,
    hwmKb: hwm.length > 0 ? Math.max(...hwm) : undefined,
    disturbed: samples.some((s) => s.keptDisturbed),
  };
}

const integer = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));
export const mb = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`);
const cpu = (micros: number | undefined) => (micros === undefined ? 'n/a' : micros.toFixed(0));
export const times = (ratio: number) => `${ratio.toFixed(2)}×`;

function sideCells(summary: Summary | undefined): string[] {
  if (!summary) return ['–', '–', '–', '–'];
  return [
    `${summary.disturbed ? '*' : ''}${integer(summary.requestsPerSecond)}`,
    `${ms(summary.latencyP50Ms)} / ${ms(summary.latencyP99Ms)}`,
    String(summary.errors),
    cpu(summary.cpuMicrosPerRequest),
  ];
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/**
 * The comparison table: one row per case, medians of the measured runs, errors summed (warm-up included).
 * Two ratios: of throughput, and of CPU time per request (the server's capacity, less sensitive to other
 * processes on the machine). A `*` marks a rate with a run that other processes disturbed in every attempt.
 */
export function caseTable(cases: readonly CaseResult[], lifespan = 'Lifespan'): string {
  const header = [
    'case',
    `${lifespan} req/s`,
    'p50 / p99 ms',
    'errors',
    'CPU µs/req',
    'peer req/s',
    'p50 / p99 ms',
    'errors',
    'CPU µs/req',
    'Lifespan/peer req/s',
    'peer/Lifespan CPU',
  ];
  const rows = cases.map((c) => {
    const lifespan = summarize(c.lifespan);
    const peer = c.peer && summarize(c.peer);
    const ratio = peer ? times(lifespan.requestsPerSecond / peer.requestsPerSecond) : '–';
    const cpuRatio =
      peer?.cpuMicrosPerRequest && lifespan.cpuMicrosPerRequest
        ? times(peer.cpuMicrosPerRequest / lifespan.cpuMicrosPerRequest)
        : '–';
    return [c.title, ...sideCells(lifespan), ...sideCells(peer), ratio, cpuRatio];
  });
  const summaries = cases.flatMap((c) => [c.lifespan, ...(c.peer ? [c.peer] : [])]).map(summarize);
  const note = summaries.some((s) => s.disturbed)
    ? '\n* a run of this median was disturbed by other processes on the machine in each of its 3 attempts'
    : '';
  return markdownTable(header, rows) + note;
}

/**
 * The store's CPU time per Lifespan request, case by case, for a store that runs in processes of its own
 * (PostgreSQL): the table's CPU column counts Lifespan's processes only.
 */
export function storeCpuLines(cases: readonly CaseResult[], store: BenchStore): string[] {
  if (!store.processIds) return [];
  const perCase = cases.map((c) => `${c.id} ${cpu(summarize(c.lifespan).storeCpuMicrosPerRequest)}`);
  return [`PostgreSQL CPU µs per Lifespan request (not in the table's CPU column): ${perCase.join(', ')}`];
}

export function targetList(targets: readonly Target[]): string {
  return targets.map((t) => `  ${t.met ? 'PASS' : 'FAIL'}  ${t.name}: ${t.measured}`).join('\n');
}

export const describeSummary = (summary: Summary): string =>
  `${summary.disturbed ? '*' : ''}${integer(summary.requestsPerSecond)} req/s, p50/p99 ${ms(summary.latencyP50Ms)}/${ms(summary.latencyP99Ms)} ms, ` +
  `errors ${summary.errors}, ${cpu(summary.cpuMicrosPerRequest)} µs CPU/req`;

export const perSecond = (n: number) => `${integer(n)}/s`;

/**
 * JSON as `biome format` prints it (bench/results is inside the linted tree): two-space indent, objects
 * expanded, arrays of scalars on one line when that line fits in 110 columns.
 */
export function toJson(value: unknown, indent = '', prefixLength = 0): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) {
      const flat = `[${value.map((v) => JSON.stringify(v) ?? 'null').join(', ')}]`;
      if (indent.length + prefixLength + flat.length + 1 <= 110) return flat;
    }
    return `[\n${value.map((v) => `${inner}${toJson(v, inner)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([key, v]) => {
    const prefix = `${JSON.stringify(key)}: `;
    return `${inner}${prefix}${toJson(v, inner, prefix.length)}`;
  });
  return `{\n${lines.join(',\n')}\n${indent}}`;
}
