// The phases of `npm run bench`: the floor, Lifespan against the peer case by case, and the preloaded store.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, type CaseId, floorRequest } from './cases.ts';
import {
  createBenchClient,
  type Heap,
  heapOf,
  type LifespanPlacement,
  type LifespanServer,
  REPOSITORY_ROOT,
  startLifespanProcess,
  withClient,
} from './lifespan-server.ts';
import { emptySide, log, measure, runCase } from './measure.ts';
import type { BenchOptions } from './options.ts';
import { startPeer } from './peer.ts';
import { countTokens, preloadTokens } from './preload.ts';
import { memoryOfAll, processTree } from './process-tree.ts';
import { freePort, type ServerProcess, startServer } from './processes.ts';
import type { CaseResult, SideResult } from './report.ts';
import type { BenchStore } from './store.ts';

export const RESULTS = join(REPOSITORY_ROOT, 'bench/results');

/** The memory of a server's processes (a node:cluster primary and its workers) added up. */
const memoryOfServer = (server: ServerProcess) => memoryOfAll(processTree(server.pid));

async function startLifespan(
  placement: LifespanPlacement,
  profileDirectory?: string,
): Promise<LifespanServer> {
  const server = await startLifespanProcess(placement, profileDirectory);
  try {
    return withClient(server, await createBenchClient(server));
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export async function measureFloor(options: BenchOptions, pinned: boolean): Promise<SideResult> {
  const port = await freePort();
  const server = await startServer({
    name: 'floor',
    args: [join(REPOSITORY_ROOT, 'bench/floor-server.mjs')],
    env: { PORT: String(port) },
    port,
    readyPath: '/',
    pinned,
  });
  const floor = emptySide();
  try {
    await measure(
      'floor',
      [{ label: 'node:http', server, request: floorRequest(server.origin), result: floor }],
      options,
    );
  } finally {
    await server.stop();
  }
  return floor;
}

export interface MainPhase {
  cases: CaseResult[];
  lifespanHwmKb: number | undefined;
  /** RSS of Lifespan once started and set up, before any load. */
  lifespanIdleRssKb: number | undefined;
  /** Lifespan's V8 heap before any load and after the last case. */
  heapIdle: Heap | undefined;
  heapLoaded: Heap | undefined;
  storedTokens: number;
  profile: string | undefined;
}

/** Lifespan (on a fresh store) and the peer, case by case. */
export async function comparePhase(
  store: BenchStore,
  placement: LifespanPlacement,
  selected: typeof CASES,
  options: BenchOptions,
  peerPinned: boolean,
): Promise<MainPhase> {
  const profileDirectory = options.profile ? join(RESULTS, 'profiles', `${Date.now()}`) : undefined;
  const started: ServerProcess[] = [];
  const cases: CaseResult[] = [];
  let lifespanHwmKb: number | undefined;
  let lifespanIdleRssKb: number | undefined;
  let heapIdle: Heap | undefined;
  let heapLoaded: Heap | undefined;
  try {
    const lifespan = await startLifespan(placement, profileDirectory);
    started.push(lifespan);
    lifespanIdleRssKb = memoryOfServer(lifespan)?.rssKb;
    heapIdle = await heapOf(lifespan);
    const peer = await startPeer(peerPinned);
    started.push(peer);
    for (const benchCase of selected) cases.push(await runCase(benchCase, lifespan, peer, options));
    lifespanHwmKb = memoryOfServer(lifespan)?.hwmKb;
    heapLoaded = await heapOf(lifespan);
  } finally {
    for (const server of started) await server.stop();
  }
  const profileFile =
    profileDirectory && readdirSync(profileDirectory).find((f) => f.endsWith('.cpuprofile'));
  return {
    cases,
    lifespanHwmKb,
    lifespanIdleRssKb,
    heapIdle,
    heapLoaded,
    storedTokens: await store.tokenRows(),
    profile: profileDirectory && profileFile ? join(profileDirectory, profileFile) : undefined,
  };
}

export interface PreloadPhase {
  rows: number;
  rowsAfter: number;
  insertSeconds: number;
  lifespanHwmKb: number | undefined;
  heapLoaded: Heap | undefined;
  cases: CaseResult[];
}

/** A second Lifespan on a fresh file holding `--preload` token rows before it starts: the opaque cases again. */
export async function preloadPhase(
  directory: string,
  options: BenchOptions,
  placement: LifespanPlacement,
): Promise<PreloadPhase> {
  const databasePath = join(directory, 'preloaded.db');
  const preloaded = { ...placement, databaseUrl: `sqlite:${databasePath}`, storeProcessIds: undefined };
  const first = await startLifespanProcess(preloaded);
  let client: Awaited<ReturnType<typeof createBenchClient>>;
  try {
    client = await createBenchClient(first);
  } finally {
    await first.stop();
  }
  const started = performance.now();
  const rows = preloadTokens(databasePath, options.preload);
  const insertSeconds = (performance.now() - started) / 1000;
  log(`[preload] ${rows.toLocaleString('en-US')} token rows inserted in ${insertSeconds.toFixed(1)} s`);
  const lifespan = withClient(await startLifespanProcess(preloaded), client);
  const cases: CaseResult[] = [];
  let lifespanHwmKb: number | undefined;
  let heapLoaded: Heap | undefined;
  try {
    for (const id of ['cc-opaque', 'introspect', 'introspect-uncached'] satisfies CaseId[]) {
      const benchCase = CASES.find((c) => c.id === id);
      if (benchCase && (options.cases?.includes(id) ?? true)) {
        cases.push(await runCase(benchCase, lifespan, undefined, options));
      }
    }
    lifespanHwmKb = memoryOfServer(lifespan)?.hwmKb;
    heapLoaded = await heapOf(lifespan);
  } finally {
    await lifespan.stop();
  }
  return { rows, rowsAfter: countTokens(databasePath), insertSeconds, lifespanHwmKb, heapLoaded, cases };
}
