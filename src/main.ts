import type { FastifyInstance } from 'fastify';
import { type BuildOptions, buildServices } from './build-services.ts';
import { ConfigError, type LifespanConfig, loadConfig } from './config/load.ts';
import { SERVICE_TENANT_ID } from './domain/admin/built-ins.ts';
import { SYSTEM } from './domain/audit/audit-event.ts';
import { KeyProtectionError } from './domain/keys/key-protection.ts';
import { buildApp } from './http/app.ts';
import { consoleOrigins, consoleUrl } from './http/console/origins.ts';
import type { Services } from './services.ts';
import { leadsTheMachine } from './workers.ts';

export { type BuildOptions, buildServices };

/** How often each process adds its counts of issued tokens to the store (the overview's charts). */
const ISSUANCE_FLUSH_INTERVAL_MS = 10_000;

export interface Lifespan {
  services: Services;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Services and HTTP app, not listening: what tests and `serve` share. */
export async function buildLifespan(
  config: LifespanConfig,
  options: BuildOptions & { logger?: boolean } = {},
): Promise<Lifespan> {
  const services = await buildServices(config, options);
  const app = await buildApp(services, {
    logger: options.logger === false ? false : { level: config.logLevel },
  });
  return {
    services,
    app,
    close: async () => {
      await app.close();
      await services.close();
    },
  };
}

/** `lifespan serve`: listens, polls for changes made elsewhere, sweeps expired tokens, stops on SIGTERM. */
export async function serve(env: NodeJS.ProcessEnv = process.env): Promise<Lifespan> {
  let config: LifespanConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`lifespan: configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  let lifespan: Lifespan;
  try {
    lifespan = await buildLifespan(config);
  } catch (error) {
    if (error instanceof KeyProtectionError) {
      console.error(`lifespan: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const { app, services } = lifespan;
  const rotation = config.keyRotationIntervalSeconds;
  const timers = [
    ...(rotation === undefined || !leadsTheMachine()
      ? []
      : [
          setInterval(() => {
            services.keyRotation
              .rotateOlderThan(rotation, SYSTEM)
              .catch((error: unknown) => app.log.error({ err: error }, 'automatic key rotation failed'));
          }, 60_000),
        ]),
    setInterval(() => {
      services
        .pollForChanges()
        .catch((error: unknown) => app.log.error({ err: error }, 'change poll failed'));
    }, config.changePollIntervalSeconds * 1000),
    setInterval(() => {
      services.issuance
        .flush()
        .catch((error: unknown) => app.log.error({ err: error }, 'issuance counts could not be stored'));
    }, ISSUANCE_FLUSH_INTERVAL_MS),
    setInterval(() => {
      services
        .sweepExpiredTokens()
        .catch((error: unknown) => app.log.error({ err: error }, 'token sweep failed'));
    }, config.tokenSweepIntervalSeconds * 1000),
  ];
  for (const timer of timers) timer.unref();
  await services.consoleBootstrap.ensure(consoleOrigins(config));
  await app.listen({ port: config.port, host: config.host });
  if (config.adminKey === undefined && (await services.adminKeys.list()).length === 0) {
    app.log.warn(
      'no admin key: create one with `npx lifespan admin-key create --name ops` to use the management API',
    );
  }
  if (!(await hasAdministrator(services))) {
    app.log.warn(
      `no administrator yet: create one with \`npx lifespan admin create --username <name>\`, then sign in at ${consoleUrl(config)}`,
    );
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping: finishing in-flight requests');
    for (const timer of timers) clearInterval(timer);
    // a keep-alive connection would hold the process open until its idle timeout: each one is closed as soon
    // as its in-flight request has been answered
    const idleSweep = setInterval(() => app.server.closeIdleConnections(), 50);
    await lifespan.close();
    clearInterval(idleSweep);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return lifespan;
}

/** Whether anyone can sign in to the console yet (a user of class admin in the service tenant). */
async function hasAdministrator(services: Services): Promise<boolean> {
  const users = await services.users.list({ tenantId: SERVICE_TENANT_ID, limit: 100 });
  return users.some((user) => user.subjectClass === 'admin');
}
