import type { Command } from 'commander';
import { serve } from '../../main.ts';
import { isPrimaryOfWorkers, runPrimary } from '../../workers.ts';
import { UsageError } from '../failures.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the server')
    .option('--workers <n>', 'processes sharing the port on this machine (node:cluster)', '1')
    .action(async (options: { workers: string }) => {
      const workers = Number(options.workers);
      if (!Number.isSafeInteger(workers) || workers < 1 || workers > 64) {
        throw new UsageError('--workers must be a whole number from 1 to 64');
      }
      if (isPrimaryOfWorkers(workers)) await runPrimary(workers);
      else await serve();
    });
}
