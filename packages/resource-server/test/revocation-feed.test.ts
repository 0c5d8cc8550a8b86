import { decodeProtectedHeader } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createResourceServer, type ResourceServer } from '../src/index.ts';
import {
  bearer,
  type Credentials,
  clientToken,
  createClient,
  createTenant,
  RecordingFetch,
  refused,
  revoke,
  type ServedLifespan,
  servedLifespan,
} from './support/lifespan-server.ts';

/**
 * The middleware follows Lifespan's revocation feed: a JWT the server ended is refused without waiting for its
 * exp, while other tokens stay accepted; when the feed is down, verification goes on with one warning.
 */

const FEED = '/oauth2/revocations';
const PASSWORD = 'correct horse battery';

describe('the revocation feed in the middleware, against a running Lifespan', () => {
  let served: ServedLifespan;
  let http: RecordingFetch;
  let warnings: string[];
  let ordersApi: Credentials;
  let service: Credentials;
  let server: ResourceServer;
  const userIds: Record<string, string> = {};

  beforeEach(async () => {
    served = await servedLifespan({ JWT_ALGORITHM: 'ES256' });
    http = new RecordingFetch();
    warnings = [];
    await createTenant(served.lifespan);
    ordersApi = await createClient(served.lifespan, 'orders-api', { scopes: ['lifespan:revocations'] });
    service = await createClient(served.lifespan, 'service-a');
    const app = await served.lifespan.admin('POST', '/admin/v1/clients', {
      id: 'app',
      tenantId: 'acme',
      name: 'App',
      firstParty: true,
      grantTypes: ['refresh_token'],
      scopes: ['read'],
      tokenEndpointAuthMethod: 'none',
    });
    expect(app.statusCode).toBe(201);
    for (const username of ['alice', 'bob']) {
      const user = await served.lifespan.admin('POST', '/admin/v1/users', {
        tenantId: 'acme',
        username,
        password: PASSWORD,
      });
      userIds[username] = user.json().id;
    }
  });
  afterEach(async () => {
    server.close();
    await served.lifespan.close();
  });

  const follow = async (options: { waitSeconds?: number } = {}) => {
    server = createResourceServer({
      issuer: served.issuer,
      audience: ['service-a', 'app'],
      realm: 'orders',
      fetch: http.fetch,
      now: () => served.lifespan.clock.now(),
      onWarning: (message) => warnings.push(message),
      revocationFeed: { clientId: ordersApi.clientId, clientSecret: ordersApi.secret, ...options },
    });
    await expect.poll(() => server.revocationFeedStatus()).toEqual({ connected: true, cursor: '0' });
  };
  const userToken = async (username: string): Promise<string> => {
    const response = await served.lifespan.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { client_id: 'app', username, password: PASSWORD, device_id: `${username}-phone` },
    });
    expect(response.statusCode).toBe(200);
    return response.json().access_token as string;
  };
  const verdict = async (token: string) => {
    const result = await server.verify(bearer(token));
    return result.ok ? 'accepted' : result.description;
  };

  it("an administrator's expire-all for a user ends that user's JWT here, and no one else's", async () => {
    await follow();
    const [alice, bob] = [await userToken('alice'), await userToken('bob')];
    const own = (await clientToken(served.lifespan, service)).access_token;
    expect([await verdict(alice), await verdict(bob), await verdict(own)]).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    served.lifespan.clock.advance(1);
    const expired = await served.lifespan.admin('POST', `/admin/v1/users/${userIds.alice}/expire-tokens`);
    expect(expired.statusCode).toBe(200);

    await expect.poll(() => verdict(alice)).toBe('the access token was revoked');
    expect(await server.verify(bearer(alice))).toEqual(refused('the access token was revoked'));
    expect([await verdict(bob), await verdict(own)]).toEqual(['accepted', 'accepted']);
    // alice signs in again: her new token is issued after the not-before, and accepted
    served.lifespan.clock.advance(1);
    expect(await verdict(await userToken('alice'))).toBe('accepted');
    expect(server.revocationFeedStatus()).toEqual({ connected: true, cursor: '1' });
    expect(warnings).toEqual([]);
  });

  it('a JWT revoked at the server (RFC 7009) is refused here; the same client’s other tokens are not', async () => {
    await follow();
    const [first, second] = [
      (await clientToken(served.lifespan, service)).access_token,
      (await clientToken(served.lifespan, service)).access_token,
    ];
    expect([await verdict(first), await verdict(second)]).toEqual(['accepted', 'accepted']);
    await revoke(served.lifespan, service, first);
    await expect.poll(() => verdict(first)).toBe('the access token was revoked');
    expect(await verdict(second)).toBe('accepted');
  });

  it('a rotation by revoke ends the old key’s tokens here at once, although the cached key set still has it', async () => {
    await follow();
    const old = (await clientToken(served.lifespan, service)).access_token;
    expect(await verdict(old)).toBe('accepted');
    const rotated = await served.lifespan.admin('POST', '/admin/v1/keys/rotate', { mode: 'revoke' });
    expect(rotated.statusCode).toBe(200);
    await expect.poll(() => verdict(old)).toBe('the access token is signed with a revoked key');
    const fresh = (await clientToken(served.lifespan, service)).access_token;
    expect(decodeProtectedHeader(fresh).kid).not.toBe(decodeProtectedHeader(old).kid);
    served.lifespan.clock.advance(30); // the key set's refetch cooldown, so that the new kid can be fetched
    expect(await verdict(fresh)).toBe('accepted');
  });

  it('a new subscriber starts from what is in force: a client expired before it started', async () => {
    const before = (await clientToken(served.lifespan, service)).access_token;
    served.lifespan.clock.advance(1);
    await served.lifespan.admin('POST', '/admin/v1/clients/service-a/expire-tokens');
    server = createResourceServer({
      issuer: served.issuer,
      audience: 'service-a',
      realm: 'orders',
      fetch: http.fetch,
      now: () => served.lifespan.clock.now(),
      onWarning: (message) => warnings.push(message),
      revocationFeed: { clientId: ordersApi.clientId, clientSecret: ordersApi.secret },
    });
    await expect.poll(() => server.revocationFeedStatus()).toEqual({ connected: true, cursor: '1' });
    expect(await verdict(before)).toBe('the access token was revoked');
    expect(await verdict((await clientToken(served.lifespan, service)).access_token)).toBe('accepted');
  });

  it('feed down: tokens are still verified (against exp and what was known), with one warning per outage', async () => {
    await follow({ waitSeconds: 1 });
    const token = (await clientToken(served.lifespan, service)).access_token;
    expect(await verdict(token)).toBe('accepted'); // its key is now known
    http.unreachable = true;
    await expect.poll(() => server.revocationFeedStatus()?.connected).toBe(false);
    expect(await verdict(token)).toBe('accepted');
    await expect.poll(() => http.count(FEED)).toBeGreaterThanOrEqual(4); // retried after 1 s, then 2 s
    expect(warnings).toEqual([
      'the revocation feed cannot be followed (fetch failed): tokens are checked against their exp and what the feed said before, until it answers again',
    ]);
    http.unreachable = false;
    await expect.poll(() => server.revocationFeedStatus()?.connected, { timeout: 20_000 }).toBe(true);
    await served.lifespan.admin('POST', '/admin/v1/clients/service-a/expire-tokens');
    await expect.poll(() => verdict(token)).toBe('the access token was revoked');
    expect(warnings).toHaveLength(1);
  });

  it('a client not allowed the feed: warned with the server’s words, and verification goes on', async () => {
    server = createResourceServer({
      issuer: served.issuer,
      audience: 'service-a',
      fetch: http.fetch,
      now: () => served.lifespan.clock.now(),
      onWarning: (message) => warnings.push(message),
      revocationFeed: { clientId: service.clientId, clientSecret: service.secret },
    });
    await expect
      .poll(() => warnings)
      .toEqual([
        'the revocation feed cannot be followed (HTTP 400: unauthorized_client (the client is not allowed the lifespan:revocations scope)): tokens are checked against their exp and what the feed said before, until it answers again',
      ]);
    expect(await verdict((await clientToken(served.lifespan, service)).access_token)).toBe('accepted');
    expect(server.revocationFeedStatus()).toEqual({ connected: false, cursor: undefined });
  });

  it('refuses a wait the server would not allow, at construction', () => {
    for (const waitSeconds of [0, 31, 1.5]) {
      expect(() =>
        createResourceServer({
          issuer: served.issuer,
          audience: 'service-a',
          revocationFeed: { clientId: 'x', clientSecret: 'y', waitSeconds },
        }),
      ).toThrow('revocationFeed.waitSeconds: a whole number of seconds from 1 to 30');
    }
    server = createResourceServer({ issuer: served.issuer, audience: 'service-a' });
    expect(server.revocationFeedStatus()).toBeUndefined();
  });
});
