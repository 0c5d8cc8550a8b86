import { loadConfig } from '../config/load.ts';
import { buildServices } from '../main.ts';
import type { Services } from '../services.ts';

/** Who the policy history records for changes made from the command line. */
export const CLI_ACTOR = 'cli';

/**
 * Runs one command against the store the configuration names (DATABASE_URL, as `serve` reads it), then closes
 * it. The command writes to the store directly: no server needs to run, and a running one picks the change up.
 */
export async function withServices<T>(run: (services: Services) => Promise<T>): Promise<T> {
  const services = await buildServices(loadConfig(process.env));
  try {
    return await run(services);
  } finally {
    await services.close();
  }
}
