import type { BenchOptions } from './options.ts';

/** How the Lifespan side of the table ran: its store and its worker processes. */
export const lifespanLabel = (options: Pick<BenchOptions, 'store' | 'workers'>): string => {
  const store = options.store === 'postgres' ? 'PostgreSQL' : 'SQLite';
  const processes = options.workers > 1 ? `${options.workers} workers` : '1 process';
  return `Lifespan (${store}, ${processes})`;
};

/** Where the processes ran, for the log and the table's heading. */
export function placementText(pinned: boolean, lifespanPinned: boolean, workers: number): string {
  if (!pinned) return 'NOT pinned (taskset unavailable or fewer than 2 cores)';
  const floorAndPeer = 'floor and peer pinned to core 0 (taskset -c 0) with autocannon on core 1';
  if (lifespanPinned) {
    return `servers pinned to core 0 (taskset -c 0), autocannon and signing loop on core 1`;
  }
  return (
    `Lifespan (serve --workers ${workers}) NOT pinned, and autocannon not pinned while it loads Lifespan; ` +
    `${floorAndPeer}; signing loop on core 1`
  );
}
