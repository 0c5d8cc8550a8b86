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
  /** The opaque cases on the preloaded store. */
  cases: CaseResult[];
  /** The same cases on an empty store, run by run between them: the machine's drift hits both alike. */
  fresh: CaseResult[];
}

/** A Lifespan on a new SQLite file, with the benchmark client registered. */
async function lifespanOnNewFile(placement: LifespanPlacement, databasePath: string) {
  const onFile = { ...placement, databaseUrl: `sqlite:${databasePath}`, storeProcessIds: undefined };
  const server = await startLifespanProcess(onFile);
  try {
    return { onFile, server, client: await createBenchClient(server) };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * A Lifespan on a file holding `--preload` token rows before it starts, and beside it one on an empty file: the
 * opaque cases on both, their runs interleaved, so that the comparison does not span minutes of the machine's
 * drift (its speed varies by ±20% over a run of the benchmark).
 */
export async function preloadPhase(
  directory: string,
  options: BenchOptions,
  placement: LifespanPlacement,
): Promise<PreloadPhase> {
  const databasePath = join(directory, 'preloaded.db');
  const first = await lifespanOnNewFile(placement, databasePath);
  await first.server.stop();
  const started = performance.now();
  const rows = preloadTokens(databasePath, options.preload);
  const insertSeconds = (performance.now() - started) / 1000;
  log(`[preload] ${rows.toLocaleString('en-US')} token rows inserted in ${insertSeconds.toFixed(1)} s`);
  const running: ServerProcess[] = [];
  const cases: CaseResult[] = [];
  const fresh: CaseResult[] = [];
  let lifespanHwmKb: number | undefined;
  let heapLoaded: Heap | undefined;
  try {
    const lifespan = withClient(await startLifespanProcess(first.onFile), first.client);
    running.push(lifespan);
    const empty = await lifespanOnNewFile(placement, join(directory, 'empty.db'));
    running.push(empty.server);
    const emptyServer = withClient(empty.server, empty.client);
    for (const id of ['cc-opaque', 'introspect', 'introspect-uncached'] satisfies CaseId[]) {
      const benchCase = CASES.find((c) => c.id === id);
      if (!benchCase || !(options.cases?.includes(id) ?? true)) continue;
      const onPreloaded: CaseResult = { id, title: benchCase.title, lifespan: emptySide(), peer: undefined };
      const onEmpty: CaseResult = { id, title: benchCase.title, lifespan: emptySide(), peer: undefined };
      await measure(
        `preload ${id}`,
        [
          {
            label: 'preloaded store',
            server: lifespan,
            request: await benchCase.lifespan(lifespan),
            result: onPreloaded.lifespan,
          },
          {
            label: 'empty store',
            server: emptyServer,
            request: await benchCase.lifespan(emptyServer),
            result: onEmpty.lifespan,
          },
        ],
        options,
      );
      cases.push(onPreloaded);
      fresh.push(onEmpty);
    }
    lifespanHwmKb = memoryOfServer(lifespan)?.hwmKb;
    heapLoaded = await heapOf(lifespan);
  } finally {
    for (const server of running) await server.stop();
  }
  return {
    rows,
    rowsAfter: countTokens(databasePath),
    insertSeconds,
    lifespanHwmKb,
    heapLoaded,
    cases,
    fresh,
  };
}
