import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Servers run on core 0, the benchmark process (autocannon and the signing loop) on core 1. */
export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

/** Every server started and not yet exited, so that an interrupted benchmark leaves none behind. */
const running = new Set<ChildProcess>();

/** Kills every server still running (on SIGINT or SIGTERM of the benchmark). */
export function killServers(): void {
  for (const child of running) child.kill('SIGKILL');
}

export interface ServerProcess {
  name: string;
  pid: number;
  origin: string;
  /** Whether it runs on the server core alone (else anywhere). */
  pinned: boolean;
  /** Processes other than its own that do its work (a database server's), measured with it but apart. */
  storeProcessIds?: () => number[];
  /** Everything the process wrote to stderr, for diagnosing a failed start. */
  stderr(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  args: readonly string[];
  env: Record<string, string>;
  port: number;
  /** A GET path answering 200 once the server is ready. */
  readyPath: string;
  pinned: boolean;
  cwd?: string;
}

/** Starts `node <args>` (pinned to the server core when possible) and waits until `readyPath` answers 200. */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const nodeArgs = [process.execPath, ...options.args];
  const [command, ...args] = options.pinned ? ['taskset', '-c', String(SERVER_CORE), ...nodeArgs] : nodeArgs;
  const child = spawn(command ?? process.execPath, args, {
    cwd: options.cwd ?? process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.name}: could not start ${command}`);
  const origin = `http://127.0.0.1:${options.port}`;
  const server: ServerProcess = {
    name: options.name,
    pid,
    origin,
    pinned: options.pinned,
    stderr: () => stderr,
    stop: () => stop(child, exited),
  };
  await waitUntilReady(server, child, `${origin}${options.readyPath}`);
  return server;
}

async function waitUntilReady(server: ServerProcess, child: ChildProcess, url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `${server.name} exited with ${child.exitCode} before it was ready:\n${server.stderr()}`,
      );
    }
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await server.stop();
  throw new Error(`${server.name} was not ready within 30 s:\n${server.stderr()}`);
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timeout = sleep(10_000).then(() => 'timeout' as const);
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Memory {
  rssKb: number;
  /** Peak RSS so far. */
  hwmKb: number;
  /** RSS split: anonymous memory (heaps), file pages mapped in, shared memory (e.g. SQLite's WAL index). */
  anonKb: number;
  fileKb: number;
  shmemKb: number;
}

/** VmRSS, VmHWM and the RSS split of a process, in kB, from /proc; undefined when /proc is not there. */
export function memoryOf(pid: number): Memory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return {
      rssKb: field('VmRSS'),
      hwmKb: field('VmHWM'),
      anonKb: field('RssAnon'),
      fileKb: field('RssFile'),
      shmemKb: field('RssShmem'),
    };
  } catch {
    return undefined;
  }
}

/** Busy and total clock ticks of one core so far, from /proc/stat; undefined when /proc is not there. */
export function coreTicks(core: number): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`cpu${core} `));
    if (!line) return undefined;
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((sum, t) => sum + t, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/**
 * Waits (up to `maxSeconds`) for a second in which both cores are nearly idle, so that a run does not start
 * while other processes are busy. Returns the busiest core's share in the last second sampled.
 */
export async function waitForQuietCores(maxSeconds: number, threshold = 0.15): Promise<number> {
  const deadline = Date.now() + maxSeconds * 1000;
  for (;;) {
    const before = [coreTicks(SERVER_CORE), coreTicks(LOAD_CORE)];
    await sleep(1000);
    const after = [coreTicks(SERVER_CORE), coreTicks(LOAD_CORE)];
    const shares = before.map((b, i) => {
      const a = after[i];
      return a && b && a.total > b.total ? (a.busy - b.busy) / (a.total - b.total) : 0;
    });
    const busiest = Math.max(...shares);
    if (busiest < threshold || Date.now() >= deadline) return busiest;
  }
}
