import autocannon, { type Result } from 'autocannon';
import { type ChainedRun, chainedRun, type TokenChain } from './chain.ts';
import {
  busyCores,
  cpuSecondsBetween,
  cpuSecondsOfEach,
  machineTicks,
  memoryOfAll,
  placeSelf,
  processTree,
} from './process-tree.ts';
import { coreTicks, LOAD_CORE, type Memory, SERVER_CORE, type ServerProcess } from './processes.ts';

/** One kind of request, sent over and over by every connection. */
export interface FixedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Whether a body is the expected one; a body that is not counts as an error. */
  verify: (body: string) => boolean;
}

/** Requests that each present the token the previous answer on the same connection carried. */
export interface ChainedRequest {
  url: string;
  headers: Record<string, string>;
  chain: TokenChain;
}

export type LoadRequest = FixedRequest | ChainedRequest;

export interface LoadSettings {
  durationSeconds: number;
  connections: number;
}

/** The figures of one run against one server. */
export interface LoadSample {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  /** Responses in each second of the run, to see a rate that drifts while a run goes on. */
  perSecond: number[];
  /** Socket errors + timeouts + non-2xx answers + bodies that failed `verify` (a bad answer may count twice). */
  errors: number;
  errorDetail: {
    errors: number;
    timeouts: number;
    non2xx: number;
    mismatches: number;
    /** Chained loads: connections that went on with a spare family after a lost chain (not added again). */
    chainRestarts?: number;
    /** The first few bodies that failed the check, shortened, to tell what went wrong. */
    failedBodies?: string[];
  };
  /** The server's CPU time (user + system, all threads, all its processes) per answered request. */
  cpuMicrosPerRequest: number | undefined;
  /** The store's processes' CPU time per answered request (PostgreSQL); undefined for an in-process store. */
  storeCpuMicrosPerRequest: number | undefined;
  /** The largest VmRSS of the server seen during the run, and its VmHWM at the end. */
  rssMaxKb: number | undefined;
  hwmKb: number | undefined;
  /** The server's memory at the end of the run (summed over its processes). */
  memoryAtEnd: Memory | undefined;
  /** Cores the server's processes kept busy on average (1 = one core all the time). */
  serverCpuShare: number | undefined;
  /** The same for the store's processes (PostgreSQL). */
  storeCpuShare: number | undefined;
  /**
   * Share of the server core, and of the load generator's core, used by other processes during the run (the
   * machine is shared), how busy the load generator's core was in all, and the cores that processes other than
   * the server, its store and this one kept busy on the whole machine (what counts when nothing is pinned).
   */
  foreignShare:
    | { serverCore: number; loadCore: number; loadCoreBusy: number; machineCores: number | undefined }
    | undefined;
  /** Set when every attempt at this run was disturbed and this, the least disturbed, was kept. */
  keptDisturbed?: true;
}

const KEPT_FAILED_BODIES = 3;

/** Busy share of one core between two /proc/stat readings. */
function busyShare(core: number, before: ReturnType<typeof coreTicks>): number | undefined {
  const after = coreTicks(core);
  if (!before || !after || after.total <= before.total) return undefined;
  return (after.busy - before.busy) / (after.total - before.total);
}

/** The request body and checks autocannon is given: fixed, or set up per connection for a chain. */
async function runShape(
  request: LoadRequest,
  connections: number,
): Promise<{ body: string; verifyBody: (body: string) => boolean; chained: ChainedRun | undefined }> {
  if (!('chain' in request)) return { body: request.body, verifyBody: request.verify, chained: undefined };
  const chained = await chainedRun(request.chain, connections);
  return { body: chained.body, verifyBody: chained.verifyBody, chained };
}

/**
 * CPU seconds of a group of processes over a run: read before, then after, with the processes found then;
 * undefined when /proc does not show them.
 */
function cpuMeter(processIds: () => number[]): () => number | undefined {
  const before = cpuSecondsOfEach(processIds());
  if (before.size === 0) return () => undefined;
  return () => cpuSecondsBetween(before, cpuSecondsOfEach(processIds()));
}

/**
 * Loads `request` for the given time and measures the server while it runs: all its processes (a
 * node:cluster primary and its workers), and its store's processes when it has some. Next to a pinned server
 * this process runs on the load core, next to an unpinned one on any core.
 */
export async function runLoad(
  request: LoadRequest,
  settings: LoadSettings,
  server: ServerProcess,
): Promise<LoadSample> {
  const shape = await runShape(request, settings.connections);
  placeSelf(server.pinned);
  const serverProcesses = () => processTree(server.pid);
  const storeProcesses = server.storeProcessIds;
  let sampledProcesses = serverProcesses();
  let rssMaxKb: number | undefined;
  let memoryAtEnd: Memory | undefined;
  const sampleMemory = () => {
    memoryAtEnd = memoryOfAll(sampledProcesses);
    if (memoryAtEnd) rssMaxKb = Math.max(rssMaxKb ?? 0, memoryAtEnd.rssKb);
  };
  const serverCpu = cpuMeter(serverProcesses);
  const storeCpu = storeProcesses && cpuMeter(storeProcesses);
  const ownCpuBefore = process.cpuUsage();
  const coresBefore = { server: coreTicks(SERVER_CORE), load: coreTicks(LOAD_CORE), all: machineTicks() };
  const startedAt = performance.now();
  const sampler = setInterval(sampleMemory, 500);
  const failedBodies: string[] = [];
  const verifyBody = (body: string) => {
    const good = shape.verifyBody(body);
    if (!good && failedBodies.length < KEPT_FAILED_BODIES) failedBodies.push(body.slice(0, 300));
    return good;
  };
  const perSecond: number[] = [];
  let result: Result;
  try {
    const instance = autocannon({
      url: request.url,
      method: 'POST',
      headers: request.headers,
      body: shape.body,
      connections: settings.connections,
      duration: settings.durationSeconds,
      timeout: 10,
      verifyBody,
      ...(shape.chained && { setupClient: shape.chained.setupClient }),
    });
    instance.on('tick', (tick) => perSecond.push(tick.counter));
    result = await instance;
  } finally {
    clearInterval(sampler);
  }
  const wallSeconds = (performance.now() - startedAt) / 1000;
  const serverCpuSeconds = serverCpu();
  const storeCpuSeconds = storeCpu?.();
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const serverCoreBusy = busyShare(SERVER_CORE, coresBefore.server);
  const loadCoreBusy = busyShare(LOAD_CORE, coresBefore.load);
  const machineBusy = busyCores(coresBefore.all, machineTicks());
  sampledProcesses = serverProcesses();
  sampleMemory();

  const share = (seconds: number | undefined) => (seconds === undefined ? undefined : seconds / wallSeconds);
  const serverCpuShare = share(serverCpuSeconds);
  const storeCpuShare = share(storeCpuSeconds);
  const ownCpuShare = (ownCpu.user + ownCpu.system) / 1e6 / wallSeconds;
  const requests = result.requests.total;
  const perRequest = (seconds: number | undefined) =>
    seconds === undefined || requests === 0 ? undefined : (seconds * 1e6) / requests;
  const errorDetail = {
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    ...(shape.chained && { chainRestarts: shape.chained.restarts() }),
    ...(failedBodies.length > 0 && { failedBodies }),
  };
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests,
    perSecond,
    errors: errorDetail.errors + errorDetail.timeouts + errorDetail.non2xx + errorDetail.mismatches,
    errorDetail,
    cpuMicrosPerRequest: perRequest(serverCpuSeconds),
    storeCpuMicrosPerRequest: perRequest(storeCpuSeconds),
    rssMaxKb,
    hwmKb: memoryAtEnd?.hwmKb,
    memoryAtEnd,
    serverCpuShare,
    storeCpuShare,
    foreignShare:
      serverCoreBusy === undefined || loadCoreBusy === undefined || serverCpuShare === undefined
        ? undefined
        : {
            serverCore: Math.max(0, serverCoreBusy - serverCpuShare),
            loadCore: Math.max(0, loadCoreBusy - ownCpuShare),
            loadCoreBusy,
            machineCores:
              machineBusy === undefined
                ? undefined
                : Math.max(0, machineBusy - serverCpuShare - (storeCpuShare ?? 0) - ownCpuShare),
          },
  };
}
