import type { TestLifespan } from '../../../../test/support/lifespan.ts';
import { type ServedLifespan, servedLifespan } from '../../../../test/support/served-lifespan.ts';
import {
  type ClientEvents,
  type EventName,
  LifespanClient,
  type LifespanClientOptions,
} from '../../src/index.ts';

export const PASSWORD = 'correct horse battery';

/** The SDK's requests, counted by path; `down` makes every request fail as fetch does when nothing answers. */
export class CountingFetch {
  readonly paths: string[] = [];
  down = false;
  /** Runs before each request, with its path (a test moves the server's clock as real time would). */
  beforeRequest: (path: string) => void = () => {};

  readonly fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    const path = new URL(url).pathname;
    this.paths.push(path);
    this.beforeRequest(path);
    if (this.down) throw new TypeError('fetch failed');
    return globalThis.fetch(url, init);
  };

  count(path: string): number {
    return this.paths.filter((each) => each === path).length;
  }
}

/** Every event a client emitted, in order, as `name` and payload. */
export function recordEvents(client: LifespanClient): Array<{ name: EventName; event: unknown }> {
  const seen: Array<{ name: EventName; event: unknown }> = [];
  const names: EventName[] = [
    'tokenRefreshed',
    'accessTokenExpiring',
    'accessTokenExpired',
    'refreshFailed',
    'sessionEnded',
    'userChanged',
  ];
  for (const name of names) {
    client.on(name, (event: ClientEvents[typeof name]) => seen.push({ name, event }));
  }
  return seen;
}

export interface SdkServer extends ServedLifespan {
  lifespan: TestLifespan;
  userIds: Record<string, string>;
  /** A client of the SDK for `clientId`, on the server's manual clock (shifted by `driftMs`). */
  client(options?: Partial<LifespanClientOptions> & { driftMs?: number }): LifespanClient;
  http: CountingFetch;
}

/**
 * A Lifespan listening on loopback with tenant acme: `app` (first-party, public, refresh tokens rotated), `web`
 * (authorization code, public), `tv` (device flow, public), `svc` (client credentials, confidential), users
 * alice and bob.
 */
export async function sdkServer(
  env: Record<string, string> = {},
): Promise<SdkServer & { svcSecret: string }> {
  const served = await servedLifespan({ DEVICE_POLL_INTERVAL: '1', ...env });
  const { lifespan } = served;
  const admin = async (url: string, body: Record<string, unknown>) => {
    const response = await lifespan.admin('POST', url, body);
    if (response.statusCode !== 201) throw new Error(`${url}: ${response.body}`);
    return response.json() as Record<string, string>;
  };
  await admin('/admin/v1/tenants', { id: 'acme', name: 'Acme' });
  const publicClient = { tenantId: 'acme', tokenEndpointAuthMethod: 'none' };
  await admin('/admin/v1/clients', {
    ...publicClient,
    id: 'app',
    name: 'App',
    firstParty: true,
    grantTypes: ['refresh_token'],
    scopes: ['read'],
  });
  await admin('/admin/v1/clients', {
    ...publicClient,
    id: 'web',
    name: 'Web',
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile'],
    redirectUris: ['http://127.0.0.1/callback'],
  });
  await admin('/admin/v1/clients', {
    ...publicClient,
    id: 'tv',
    name: 'TV',
    grantTypes: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
    scopes: ['openid', 'read'],
  });
  const svc = await admin('/admin/v1/clients', {
    tenantId: 'acme',
    id: 'svc',
    name: 'Service',
    scopes: ['read'],
  });
  const userIds: Record<string, string> = {};
  for (const username of ['alice', 'bob']) {
    userIds[username] =
      (await admin('/admin/v1/users', { tenantId: 'acme', username, password: PASSWORD })).id ?? '';
  }
  const http = new CountingFetch();
  return {
    ...served,
    userIds,
    http,
    svcSecret: svc.clientSecret ?? '',
    client: ({ driftMs = 0, ...options } = {}) =>
      new LifespanClient({
        issuer: served.issuer,
        clientId: 'app',
        fetch: http.fetch,
        now: () => lifespan.clock.now() + driftMs,
        autoRefresh: false,
        ...options,
      }),
  };
}
