import type { BenchCase } from './cases.ts';
import type { LifespanServer } from './lifespan-server.ts';
import { type LoadRequest, type LoadSample, type LoadSettings, runLoad } from './load.ts';
import type { BenchOptions } from './options.ts';
import type { PeerServer } from './peer.ts';
import { type Memory, type ServerProcess, waitForQuietCores } from './processes.ts';
import { type CaseResult, mb, type SideResult } from './report.ts';

export const log = (message: string) => process.stderr.write(`${message}\n`);

const percent = (share: number | undefined) => (share === undefined ? 'n/a' : `${Math.round(share * 100)}%`);

/**
 * The rate of the first and of the last third of a run, whole seconds only (autocannon's first tick comes while
 * connections open, its last one after the load stopped).
 */
function drift(sample: LoadSample): string {
  const seconds = sample.perSecond.slice(1, -1);
  if (seconds.length < 4) return '';
  const third = Math.max(1, Math.floor(seconds.length / 3));
  const mean = (values: number[]) => Math.round(values.reduce((sum, v) => sum + v, 0) / values.length);
  return ` (first third ${mean(seconds.slice(0, third))}/s, last third ${mean(seconds.slice(-third))}/s)`;
}

/** A server with the request to load it with, and where its figures go. */
export interface Loaded {
  label: string;
  server: ServerProcess;
  request: LoadRequest;
  result: SideResult;
}

export const emptySide = (): SideResult => ({ warmupErrors: 0, samples: [], disturbed: [] });

/** Other processes may use this share of a core during a run before it is repeated. */
const MAX_FOREIGN_SHARE = 0.1;
const MAX_REPEATS = 2;

/** Whether other processes' CPU use is judged over the whole machine rather than per core. */
const machineWide = (server: ServerProcess) => !server.pinned || server.storeProcessIds !== undefined;

/**
 * Whether other processes took more than 10% of the server core, or of the load generator's core while that
 * core was saturated (other processes tend to run there while the server core is full). When the server is
 * not pinned, or has a store of its own running anywhere (PostgreSQL), the cores cannot be told apart: then
 * whether other processes than the server, its store and this one kept more than 10% of a core busy.
 */
function disturbed(sample: LoadSample, server: ServerProcess): boolean {
  const share = sample.foreignShare;
  if (!share) return false;
  if (machineWide(server)) return (share.machineCores ?? 0) > MAX_FOREIGN_SHARE;
  return (
    share.serverCore > MAX_FOREIGN_SHARE || (share.loadCore > MAX_FOREIGN_SHARE && share.loadCoreBusy > 0.9)
  );
}

const split = (memory: Memory | undefined) =>
  memory ? ` (anon ${mb(memory.anonKb)}, file ${mb(memory.fileKb)}, shmem ${mb(memory.shmemKb)})` : '';

const others = (sample: LoadSample, server: ServerProcess) =>
  machineWide(server)
    ? `${percent(sample.foreignShare?.machineCores)} of a core (machine-wide)`
    : `${percent(sample.foreignShare?.serverCore)} of the server core and ` +
      `${percent(sample.foreignShare?.loadCore)} of the load core`;

const storeCpu = (sample: LoadSample) =>
  sample.storeCpuShare === undefined
    ? ''
    : `, store CPU ${percent(sample.storeCpuShare)} (${sample.storeCpuMicrosPerRequest?.toFixed(0)} µs/req)`;

/**
 * One run, started once both cores are idle, and repeated (at most twice) when it was disturbed by other
 * processes on this (shared) machine; when every attempt was, the least disturbed one is kept.
 */
async function undisturbedRun(
  caseId: string,
  side: Loaded,
  settings: LoadSettings,
  options: BenchOptions,
): Promise<LoadSample> {
  const attempts: LoadSample[] = [];
  for (let repeat = 0; repeat <= MAX_REPEATS; repeat++) {
    if (options.quietWait > 0) {
      const busy = await waitForQuietCores(options.quietWait);
      if (busy >= 0.15) log(`[${caseId}] other processes keep a core ${percent(busy)} busy: running anyway`);
    }
    const sample = await runLoad(side.request, settings, side.server);
    if (!disturbed(sample, side.server)) {
      side.result.disturbed.push(...attempts);
      return sample;
    }
    attempts.push(sample);
    log(
      `[${caseId}] ${side.label}: other processes took ${others(sample, side.server)} ` +
        `(${Math.round(sample.requestsPerSecond)} req/s)` +
        (repeat < MAX_REPEATS ? ': repeating the run' : ''),
    );
  }
  const foreign = (s: LoadSample) =>
    (machineWide(side.server) ? s.foreignShare?.machineCores : s.foreignShare?.serverCore) ?? 0;
  const kept = attempts.reduce((best, s) => (foreign(s) < foreign(best) ? s : best));
  side.result.disturbed.push(...attempts.filter((s) => s !== kept));
  return { ...kept, keptDisturbed: true };
}

/** Warm-up (discarded but checked for errors) for every server, then the runs, alternating between servers. */
export async function measure(
  caseId: string,
  loaded: readonly Loaded[],
  options: BenchOptions,
): Promise<void> {
  const settings: LoadSettings = { durationSeconds: options.duration, connections: options.connections };
  for (const side of loaded) {
    if (options.warmup === 0) continue;
    const warmup = { ...settings, durationSeconds: options.warmup };
    const warm = await runLoad(side.request, warmup, side.server);
    side.result.warmupErrors += warm.errors;
    if (warm.errors > 0) side.result.warmupErrorDetail = warm.errorDetail;
    log(
      `[${caseId}] ${side.label} warm-up: ${Math.round(warm.requestsPerSecond)} req/s, errors ${warm.errors}` +
        (warm.errors > 0 ? ` ${JSON.stringify(warm.errorDetail)}` : ''),
    );
  }
  for (let run = 1; run <= options.runs; run++) {
    for (const side of loaded) {
      const sample = await undisturbedRun(caseId, side, settings, options);
      side.result.samples.push(sample);
      log(
        `[${caseId}] ${side.label} run ${run}/${options.runs}: ${Math.round(sample.requestsPerSecond)} req/s, ` +
          `p50/p99 ${sample.latencyP50Ms}/${sample.latencyP99Ms} ms${drift(sample)}, errors ${sample.errors}` +
          (sample.errors > 0 ? ` ${JSON.stringify(sample.errorDetail)}` : '') +
          `, server CPU ${percent(sample.serverCpuShare)}${storeCpu(sample)}` +
          `, others took ${others(sample, side.server)}` +
          `, rss ${mb(sample.rssMaxKb)}${split(sample.memoryAtEnd)}`,
      );
    }
  }
}

/** Sets both servers up for a case (the peer last, right before the load) and measures them in turn. */
export async function runCase(
  benchCase: BenchCase,
  lifespan: LifespanServer,
  peer: PeerServer | undefined,
  options: BenchOptions,
): Promise<CaseResult> {
  const result: CaseResult = {
    id: benchCase.id,
    title: benchCase.title,
    lifespan: emptySide(),
    peer: peer && benchCase.peer && emptySide(),
  };
  const loaded: Loaded[] = [
    {
      label: 'lifespan',
      server: lifespan,
      request: await benchCase.lifespan(lifespan),
      result: result.lifespan,
    },
  ];
  // the peer's token store is an LRU of 1,000 entries: its request (and token) is made right before the load
  if (peer && benchCase.peer && result.peer) {
    loaded.push({ label: 'peer', server: peer, request: await benchCase.peer(peer), result: result.peer });
  }
  await measure(benchCase.id, loaded, options);
  return result;
}
