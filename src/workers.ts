import cluster from 'node:cluster';
import { buildServices } from './build-services.ts';
import { ConfigError, loadConfig } from './config/load.ts';
import { relayBetweenWorkers } from './storage/workers/primary-relay.ts';

/**
 * `lifespan serve --workers N` on one machine (node:cluster): the primary prepares the store once (migrations,
 * first keys) so the workers do not race, forks N workers that share the port, replaces a worker that dies, and
 * on SIGTERM asks each to finish its in-flight requests before it exits. Without Redis it relays each worker's
 * changes and revocations to the others.
 */
export async function runPrimary(workers: number, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const config = loadConfig(env);
    const services = await buildServices(config);
    await services.close();
    if (config.redisUrl === undefined) relayBetweenWorkers();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`lifespan: configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  let stopping = false;
  for (let index = 0; index < workers; index++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`lifespan: worker ${worker.process.pid} ended (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const running = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    let left = running.length;
    if (left === 0) process.exit(0);
    for (const worker of running) {
      worker.once('exit', () => {
        left -= 1;
        if (left === 0) process.exit(0);
      });
      worker.process.kill('SIGTERM');
    }
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Timers that one process of a machine runs for all (automatic key rotation): the primary's first worker. */
export const leadsTheMachine = (): boolean => !cluster.isWorker || cluster.worker?.id === 1;

export const isPrimaryOfWorkers = (workers: number): boolean => workers > 1 && cluster.isPrimary;
