// `npm run bench`: Lifespan against oidc-provider (and a bare node:http floor) under autocannon, in one run.
// Servers on core 0, this process (autocannon, the signing loop) on core 1, unless Lifespan runs several
// workers. See bench/README.md.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASES } from './cases.ts';
import { type Heap, type LifespanPlacement, REPOSITORY_ROOT } from './lifespan-server.ts';
import { log } from './measure.ts';
import { BenchUsageError, parseOptions } from './options.ts';
import {
  comparePhase,
  type MainPhase,
  measureFloor,
  type PreloadPhase,
  preloadPhase,
  RESULTS,
} from './phases.ts';
import { lifespanLabel, placementText } from './placement.ts';
import { placeSelf } from './process-tree.ts';
import { killServers } from './processes.ts';
import { summarizeProfile } from './profile-summary.ts';
import {
  caseTable,
  describeSummary,
  mb,
  perSecond,
  type SideResult,
  storeCpuLines,
  summarize,
  targetList,
  toJson,
} from './report.ts';
import { signingRate } from './signing-rate.ts';
import { createStore } from './store.ts';
import { targets } from './targets.ts';

const packageVersion = (name: string): string => {
  const path = join(REPOSITORY_ROOT, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
};

const heap = (h: Heap | undefined) =>
  h ? `${h.totalMb} MB (${h.usedMb} MB used, ${h.externalMb} MB external)` : 'n/a';

const maxOf = (values: readonly (number | undefined)[]): number | undefined => {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length > 0 ? Math.max(...known) : undefined;
};

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if ('help' in options) {
    process.stdout.write(`${options.help}\n`);
    return;
  }
  const unknown = options.cases?.filter((id) => !CASES.some((c) => c.id === id)) ?? [];
  if (unknown.length > 0) {
    throw new Error(`unknown case ${unknown.join(', ')}; cases: ${CASES.map((c) => c.id).join(', ')}`);
  }
  const selected = CASES.filter((c) => options.cases?.includes(c.id) ?? true);
  const pinned = availableParallelism() >= 2 && placeSelf(true);
  const lifespanPinned = pinned && options.workers === 1;
  const placement = placementText(pinned, lifespanPinned, options.workers);
  log(`bench: ${JSON.stringify(options)}; ${placement}`);

  const signingSeconds = Math.min(options.duration, 5);
  const raw = { RS256: signingRate('RS256', signingSeconds), ES256: signingRate('ES256', signingSeconds) };
  log(`[signing] RS256 ${perSecond(raw.RS256)}, ES256 ${perSecond(raw.ES256)} (node:crypto, whole JWT)`);

  const directory = mkdtempSync(join(tmpdir(), 'lifespan-bench-'));
  const store = await createStore(options.store, directory);
  const removeStore = async () => {
    await store.remove().catch((error: unknown) => log(`could not remove the store: ${String(error)}`));
    rmSync(directory, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killServers();
      void removeStore().finally(() => process.exit(130));
    });
  }
  const lifespanPlacement: LifespanPlacement = {
    databaseUrl: store.databaseUrl,
    workers: options.workers,
    pinned: lifespanPinned,
    storeProcessIds: store.processIds,
  };
  let floor: SideResult;
  let compared: MainPhase;
  let preload: PreloadPhase | undefined;
  try {
    floor = await measureFloor(options, pinned);
    compared = await comparePhase(store, lifespanPlacement, selected, options, pinned);
    if (options.preload > 0) preload = await preloadPhase(directory, options, lifespanPlacement);
  } finally {
    await removeStore();
  }

  const lifespanRuns = [...compared.cases, ...(preload?.cases ?? [])].map((c) => summarize(c.lifespan));
  const rssMaxKb = maxOf(lifespanRuns.map((s) => s.rssMaxKb));
  const hwmKb = maxOf([compared.lifespanHwmKb, preload?.lifespanHwmKb, ...lifespanRuns.map((s) => s.hwmKb)]);
  const goals = targets({
    cases: compared.cases,
    rs256RawPerSecond: raw.RS256,
    lifespanHwmKb: hwmKb,
    lifespanWorkers: options.workers,
    preload,
  });
  const versions = {
    node: process.version,
    oidcProvider: packageVersion('oidc-provider'),
    autocannon: packageVersion('autocannon'),
  };
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lifespan = lifespanLabel(options);
  const lines = [
    '',
    `${lifespan} vs oidc-provider ${versions.oidcProvider} (one process, in-memory adapter, ` +
      `NODE_ENV=production); Lifespan's store: ${store.description}; node ${versions.node}; ${cpu}`,
    `${placement}; autocannon ${versions.autocannon} -c ${options.connections}; ${options.runs} × ` +
      `${options.duration} s runs per server and case (medians), ${options.warmup} s warm-up discarded`,
    '',
    caseTable(compared.cases, lifespan),
    ...storeCpuLines(compared.cases, store),
    '',
    `floor (bare node:http, fixed token JSON, same request): ${describeSummary(summarize(floor))}`,
    `raw single-core signing (node:crypto, whole JWT): RS256 ${perSecond(raw.RS256)}, ES256 ${perSecond(raw.ES256)}`,
    `Lifespan RSS (all phases${options.workers > 1 ? ', primary and workers added up' : ''}): ` +
      `${mb(compared.lifespanIdleRssKb)} idle after start; under load max VmRSS ` +
      `${mb(rssMaxKb)}, VmHWM ${mb(hwmKb)}`,
    `Lifespan V8 heap${options.workers > 1 ? ' (one worker)' : ''}: ${heap(compared.heapIdle)} idle, ${heap(compared.heapLoaded)} after the cases; ` +
      `${compared.storedTokens.toLocaleString('en-US')} token rows in the store at the end`,
  ];
  if (preload) {
    lines.push(
      '',
      `With ${preload.rows.toLocaleString('en-US')} token rows inserted before start ` +
        `(in ${preload.insertSeconds.toFixed(1)} s; ${preload.rowsAfter.toLocaleString('en-US')} at the end):`,
      '',
      caseTable(preload.cases, lifespan),
      '',
      'The same cases on an empty store, their runs interleaved with those above:',
      '',
      caseTable(preload.fresh, lifespan),
      `Lifespan on the preloaded store: VmHWM ${mb(preload.lifespanHwmKb)}; V8 heap ${heap(preload.heapLoaded)} after the cases`,
    );
  }
  lines.push('', 'Targets:', targetList(goals), '');
  if (compared.profile) lines.push(summarizeProfile(compared.profile), '');
  process.stdout.write(lines.join('\n'));

  const date = new Date().toISOString();
  const args = process.argv.slice(2).join(' ');
  const report = {
    date,
    command:
      process.env.npm_lifecycle_event === 'bench' ? `npm run bench -- ${args}` : `tsx bench/run.ts ${args}`,
    versions,
    cpu,
    pinned,
    lifespanSetup: {
      store: store.kind,
      storeDescription: store.description,
      workers: options.workers,
      pinned: lifespanPinned,
    },
    options,
    signingRatePerSecond: raw,
    floor: { summary: summarize(floor), ...floor },
    cases: compared.cases.map((c) => ({
      ...c,
      lifespanSummary: summarize(c.lifespan),
      peerSummary: c.peer && summarize(c.peer),
    })),
    lifespanMemory: {
      idleRssKb: compared.lifespanIdleRssKb,
      heapIdle: compared.heapIdle,
      heapLoaded: compared.heapLoaded,
      rssMaxKb,
      hwmKb,
      storedTokens: compared.storedTokens,
    },
    preload: preload && {
      ...preload,
      cases: preload.cases.map((c) => ({ ...c, lifespanSummary: summarize(c.lifespan) })),
      fresh: preload.fresh.map((c) => ({ ...c, lifespanSummary: summarize(c.lifespan) })),
    },
    profile: compared.profile,
    targets: goals,
  };
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `${date.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}.json`);
  writeFileSync(file, `${toJson(report)}\n`);
  log(`results written to ${file}`);
}

try {
  await main();
} catch (error) {
  if (!(error instanceof BenchUsageError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
