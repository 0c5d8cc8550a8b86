import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { basicAuthorization, expectStatus, parseObject } from './http.ts';
import { freePort, type ServerProcess, startServer } from './processes.ts';

export const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));
const ADMIN_KEY = 'bench-admin-key-0123456789';

export const BENCH_TENANT = 'bench';
export const BENCH_CLIENT = 'bench-client';
export const BENCH_SCOPE = 'read';

/** How Lifespan runs: its store, and `serve --workers N` (node:cluster) or one process. */
export interface LifespanPlacement {
  databaseUrl: string;
  workers: number;
  /** Pinned to the server core (one process only). */
  pinned: boolean;
  storeProcessIds: (() => number[]) | undefined;
}

export interface LifespanProcess extends ServerProcess {
  workers: number;
}

export interface LifespanServer extends LifespanProcess {
  clientId: string;
  /** Basic authorization of the benchmark client. */
  authorization: string;
  tokenUrl: string;
  introspectionUrl: string;
}

/** Workers learn of a configuration change made through another worker by polling every second. */
const CHANGE_POLL_SECONDS = 1;

/**
 * Starts `node bin/lifespan.mjs serve [--workers N]` (it migrates the store itself), pinned when asked, and
 * waits for /healthz. With a profile directory, node writes a CPU profile there when the server stops.
 */
export async function startLifespanProcess(
  placement: LifespanPlacement,
  profileDirectory?: string,
): Promise<LifespanProcess> {
  const port = await freePort();
  const profiling = profileDirectory ? ['--cpu-prof', `--cpu-prof-dir=${profileDirectory}`] : [];
  const workers = placement.workers > 1 ? ['--workers', String(placement.workers)] : [];
  const server = await startServer({
    name: 'lifespan',
    args: [...profiling, join(REPOSITORY_ROOT, 'bin/lifespan.mjs'), 'serve', ...workers],
    cwd: REPOSITORY_ROOT,
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: placement.databaseUrl,
      LIFESPAN_ADMIN_KEY: ADMIN_KEY,
      LOG_LEVEL: 'warn',
      CHANGE_POLL_INTERVAL: String(CHANGE_POLL_SECONDS),
    },
    port,
    readyPath: '/healthz',
    pinned: placement.pinned,
  });
  return {
    ...server,
    workers: placement.workers,
    ...(placement.storeProcessIds && { storeProcessIds: placement.storeProcessIds }),
  };
}

/**
 * After a change through the management API, which one worker answered: waits until every worker has polled
 * for changes (nothing to wait for with one process).
 */
export async function settled(server: LifespanProcess): Promise<void> {
  if (server.workers > 1) await sleep(CHANGE_POLL_SECONDS * 2500);
}

const admin = (body: unknown, method: 'POST' | 'PUT' = 'POST') => ({
  method,
  headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Creates the benchmark tenant and its confidential client through the management API. */
export async function createBenchClient(
  server: LifespanProcess,
): Promise<{ clientId: string; secret: string }> {
  await expectStatus(
    'create tenant',
    `${server.origin}/admin/v1/tenants`,
    admin({ id: BENCH_TENANT, name: 'Bench' }),
    201,
  );
  const created = parseObject(
    'create client',
    await expectStatus(
      'create client',
      `${server.origin}/admin/v1/clients`,
      admin({ id: BENCH_CLIENT, tenantId: BENCH_TENANT, name: 'Bench', scopes: [BENCH_SCOPE] }),
      201,
    ),
  );
  if (typeof created.clientSecret !== 'string')
    throw new Error('create client: no clientSecret in the answer');
  await settled(server);
  return { clientId: BENCH_CLIENT, secret: created.clientSecret };
}

/**
 * Creates a first-party app client of the benchmark tenant that may refresh (and so use `/api/v1/auth`),
 * authenticating with `client_secret_post`.
 */
export async function createAppClient(
  server: LifespanProcess,
  clientId: string,
): Promise<{ clientId: string; secret: string }> {
  const client = {
    id: clientId,
    tenantId: BENCH_TENANT,
    name: 'Bench app',
    scopes: [BENCH_SCOPE],
    grantTypes: ['refresh_token'],
    firstParty: true,
    tokenEndpointAuthMethod: 'client_secret_post',
  };
  const created = parseObject(
    'create app client',
    await expectStatus('create app client', `${server.origin}/admin/v1/clients`, admin(client), 201),
  );
  if (typeof created.clientSecret !== 'string')
    throw new Error('create app client: no clientSecret in the answer');
  await settled(server);
  return { clientId, secret: created.clientSecret };
}

export const withClient = (
  server: LifespanProcess,
  client: { clientId: string; secret: string },
): LifespanServer => ({
  ...server,
  clientId: client.clientId,
  authorization: basicAuthorization(client.clientId, client.secret),
  tokenUrl: `${server.origin}/oauth2/token`,
  introspectionUrl: `${server.origin}/oauth2/introspect`,
});

export type TokenFormat = 'opaque' | 'RS256' | 'ES256';

/**
 * Replaces the service policy: the access token format (and JWT algorithm), plus any other settings given;
 * every setting not given is back to its default.
 */
export async function setTokenFormat(
  server: LifespanProcess,
  format: TokenFormat,
  settings: Record<string, unknown> = {},
): Promise<void> {
  const policy = {
    ...settings,
    ...(format === 'opaque'
      ? { accessTokenFormat: 'opaque' }
      : { accessTokenFormat: 'jwt', signingAlgorithm: format }),
  };
  await expectStatus(
    `set token format ${format}`,
    `${server.origin}/admin/v1/service/policy`,
    admin(policy, 'PUT'),
    200,
  );
  await settled(server);
}

export interface Heap {
  totalMb: number;
  usedMb: number;
  externalMb: number;
}

/** V8 heap figures from Lifespan's Prometheus metrics, to tell the JS heap from the rest of the RSS. */
export async function heapOf(server: ServerProcess): Promise<Heap | undefined> {
  const response = await fetch(`${server.origin}/metrics`);
  if (response.status !== 200) return undefined;
  const text = await response.text();
  const megabytes = (name: string) =>
    Math.round(
      Number(new RegExp(`^lifespan_nodejs_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN) / 2 ** 20,
    );
  return {
    totalMb: megabytes('heap_size_total_bytes'),
    usedMb: megabytes('heap_size_used_bytes'),
    externalMb: megabytes('external_memory_bytes'),
  };
}
