// A server as a group of processes (a node:cluster primary and its workers, PostgreSQL's backends): their CPU
// time and memory from /proc, and where this process may run.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { LOAD_CORE, type Memory, memoryOf } from './processes.ts';

const CLOCK_TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** The fields of /proc/<pid>/stat after the command name (which may contain spaces), from field 3 on. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** The parent of a process, from /proc; undefined once it has exited. */
export function parentOf(pid: number): number | undefined {
  const parent = Number(statFields(pid)?.[1]);
  return Number.isInteger(parent) ? parent : undefined;
}

/** Every process id in /proc with its parent. */
function processParents(): Map<number, number> {
  const parents = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return parents;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent !== undefined) parents.set(pid, parent);
  }
  return parents;
}

/** The direct children of a process. */
export const childrenOf = (pid: number): number[] =>
  [...processParents()].filter(([, parent]) => parent === pid).map(([child]) => child);

/** A process and all its descendants. */
export function processTree(pid: number): number[] {
  const parents = processParents();
  const tree = [pid];
  for (let index = 0; index < tree.length; index++) {
    for (const [child, parent] of parents) if (parent === tree[index]) tree.push(child);
  }
  return tree;
}

/** User + system CPU seconds used so far by each of these processes (all threads) that is still running. */
export function cpuSecondsOfEach(pids: readonly number[]): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const pid of pids) {
    const fields = statFields(pid);
    // utime and stime: fields 14 and 15, counted from field 3
    if (fields) seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND);
  }
  return seconds;
}

/** CPU seconds used between two readings; a process that started in between counts from zero. */
export function cpuSecondsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** The memory of several processes added up (VmHWM: the sum of each one's peak). */
export function memoryOfAll(pids: readonly number[]): Memory | undefined {
  const each = pids.map(memoryOf).filter((m): m is Memory => m !== undefined);
  if (each.length === 0) return undefined;
  const sum = (field: keyof Memory) => each.reduce((total, m) => total + m[field], 0);
  return {
    rssKb: sum('rssKb'),
    hwmKb: sum('hwmKb'),
    anonKb: sum('anonKb'),
    fileKb: sum('fileKb'),
    shmemKb: sum('shmemKb'),
  };
}

/** Busy and total clock ticks of the whole machine so far (all cores), from /proc/stat. */
export function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    if (!line.startsWith('cpu ')) return undefined;
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((sum, t) => sum + t, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** Busy cores (0 to the core count) between two machine readings. */
export function busyCores(
  before: ReturnType<typeof machineTicks>,
  after: ReturnType<typeof machineTicks>,
): number | undefined {
  if (!before || !after || after.total <= before.total) return undefined;
  return ((after.busy - before.busy) / (after.total - before.total)) * availableParallelism();
}

/**
 * Moves every thread of this process to the load core (next to a pinned server) or lets it run on any core
 * (next to an unpinned one); false when taskset is missing or refuses.
 */
export function placeSelf(onLoadCore: boolean): boolean {
  const cores = onLoadCore ? String(LOAD_CORE) : `0-${availableParallelism() - 1}`;
  const result = spawnSync('taskset', ['-a', '-p', '-c', cores, String(process.pid)], { stdio: 'ignore' });
  return result.status === 0;
}
