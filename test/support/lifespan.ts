import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config/load.ts';
import { type GeneratedKey, generateSigningKey } from '../../src/domain/keys/key-material.ts';
import type { SigningAlgorithm } from '../../src/domain/policy/settings.ts';
import { buildLifespan, type Lifespan } from '../../src/main.ts';
import { testDatabase, testRedis } from './databases.ts';
import { ManualClock } from './manual-clock.ts';

export const ADMIN_KEY = 'test-admin-key-0123456789';

const generated = new Map<SigningAlgorithm, Promise<GeneratedKey>>();
/** RSA key generation dominates building an app: each test process makes one key per algorithm. */
const reusedKey = (algorithm: SigningAlgorithm): Promise<GeneratedKey> => {
  let key = generated.get(algorithm);
  if (!key) {
    key = generateSigningKey(algorithm);
    generated.set(algorithm, key);
  }
  return key;
};
/** A lifespan's first key of each algorithm is the process's shared one; a rotation's successor is fresh. */
const keysOfOneLifespan = (): ((algorithm: SigningAlgorithm) => Promise<GeneratedKey>) => {
  const made = new Set<SigningAlgorithm>();
  return (algorithm) => {
    if (made.has(algorithm)) return generateSigningKey(algorithm);
    made.add(algorithm);
    return reusedKey(algorithm);
  };
};

export interface TestLifespan extends Lifespan {
  clock: ManualClock;
  /** A management API call with the admin key (and any other headers). */
  admin(
    method: NonNullable<InjectOptions['method']>,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** A form POST, as OAuth endpoints take it. */
  form(
    url: string,
    fields: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
}

/** A Lifespan on a private in-memory database with a manual clock, not listening. */
export async function testLifespan(
  env: Record<string, string> = {},
  clock = new ManualClock(),
): Promise<TestLifespan> {
  const database = env.DATABASE_URL === undefined ? await testDatabase() : undefined;
  const config = loadConfig({
    DATABASE_URL: database?.url ?? '',
    LIFESPAN_ADMIN_KEY: ADMIN_KEY,
    ...testRedis(),
    ...env,
  });
  const lifespan = await buildLifespan(config, { clock, logger: false, generateKey: keysOfOneLifespan() });
  return {
    ...lifespan,
    close: async () => {
      await lifespan.close();
      await database?.drop();
    },
    clock,
    admin: (method, url, body, headers = {}) =>
      lifespan.app.inject({
        method,
        url,
        headers: { ...headers, authorization: `Bearer ${ADMIN_KEY}` },
        ...(body !== undefined && { payload: body as NonNullable<InjectOptions['payload']> }),
      }),
    form: (url, fields, headers = {}) =>
      lifespan.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams(fields).toString(),
      }),
  };
}

export const basic = (id: string, secret: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`,
});

/** Creates a tenant and a confidential client; returns the client's credentials. */
export async function tenantWithClient(
  lifespan: TestLifespan,
  options: { tenant?: Record<string, unknown>; client?: Record<string, unknown> } = {},
): Promise<{ tenantId: string; clientId: string; secret: string }> {
  const tenant = await lifespan.admin('POST', '/admin/v1/tenants', {
    id: 'acme',
    name: 'Acme',
    ...options.tenant,
  });
  if (tenant.statusCode !== 201) throw new Error(`tenant: ${tenant.body}`);
  const tenantId = tenant.json().id as string;
  const client = await lifespan.admin('POST', '/admin/v1/clients', {
    id: 'service-a',
    tenantId,
    name: 'Service A',
    scopes: ['read', 'write'],
    ...options.client,
  });
  if (client.statusCode !== 201) throw new Error(`client: ${client.body}`);
  return { tenantId, clientId: client.json().clientId, secret: client.json().clientSecret };
}
