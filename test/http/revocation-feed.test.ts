import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basic, type TestLifespan, testLifespan } from '../support/lifespan.ts';

/** GET /oauth2/revocations: what ends tokens before their exp, for resource servers, resumable by cursor. */

const START = 1_767_225_600; // 2026-01-01T00:00:00Z, the manual clock's start, in seconds
const FEED_SCOPE = 'lifespan:revocations';

interface Client {
  id: string;
  secret: string;
}

describe('the revocation feed', () => {
  let lifespan: TestLifespan;
  let acmeApi: Client;
  let euApi: Client;
  let globexApi: Client;
  let acmeApp: Client;
  let alice = '';
  let gus = '';

  const admin = async (method: 'POST' | 'PUT', url: string, body?: Record<string, unknown>) => {
    const response = await lifespan.admin(method, url, body);
    if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json() as Record<string, string>;
  };
  const client = async (id: string, tenantId: string, scopes: string[]): Promise<Client> => {
    const created = await admin('POST', '/admin/v1/clients', { id, tenantId, name: id, scopes });
    return { id, secret: created.clientSecret ?? '' };
  };
  const feed = (subscriber: Client, query = '') =>
    lifespan.app.inject({
      method: 'GET',
      url: `/oauth2/revocations${query}`,
      headers: basic(subscriber.id, subscriber.secret),
    });
  const pageOf = async (subscriber: Client, query = '') => {
    const response = await feed(subscriber, query);
    expect(response.statusCode).toBe(200);
    return response.json() as { cursor: string; events: unknown[] };
  };
  const token = async (by: Client) => {
    const response = await lifespan.form(
      '/oauth2/token',
      { grant_type: 'client_credentials', scope: 'read' },
      basic(by.id, by.secret),
    );
    return response.json().access_token as string;
  };

  beforeEach(async () => {
    lifespan = await testLifespan();
    await admin('POST', '/admin/v1/tenants', { id: 'acme', name: 'Acme' });
    await admin('POST', '/admin/v1/tenants', { id: 'acme-eu', name: 'Acme EU', parentId: 'acme' });
    await admin('POST', '/admin/v1/tenants', { id: 'globex', name: 'Globex' });
    acmeApi = await client('acme-api', 'acme', [FEED_SCOPE]);
    euApi = await client('eu-api', 'acme-eu', [FEED_SCOPE]);
    globexApi = await client('globex-api', 'globex', [FEED_SCOPE]);
    acmeApp = await client('acme-app', 'acme', ['read']);
    alice = (await admin('POST', '/admin/v1/users', { tenantId: 'acme', username: 'alice' })).id ?? '';
    gus = (await admin('POST', '/admin/v1/users', { tenantId: 'globex', username: 'gus' })).id ?? '';
  });
  afterEach(() => lifespan.close());

  it('answers a new subscriber with what is in force (nothing yet) and a cursor, never cached', async () => {
    const response = await feed(acmeApi);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({ cursor: '0', snapshot: true, tenant: 'acme', more: false, events: [] });
  });

  it('publishes every change that ends tokens, in order, to the tenants it concerns', async () => {
    const jwt = await token(acmeApp);
    lifespan.clock.advance(1.5);
    await admin('POST', '/admin/v1/service/expire-tokens');
    await admin('POST', '/admin/v1/tenants/acme/expire-tokens');
    await admin('POST', '/admin/v1/tenants/acme-eu/expire-tokens');
    await admin('POST', '/admin/v1/tenants/globex/expire-tokens');
    await admin('POST', '/admin/v1/clients/acme-app/expire-tokens');
    await admin('POST', `/admin/v1/users/${alice}/expire-tokens`);
    await admin('POST', `/admin/v1/users/${gus}/expire-tokens`);
    const revoked = await lifespan.form('/oauth2/revoke', { token: jwt }, basic(acmeApp.id, acmeApp.secret));
    expect(revoked.statusCode).toBe(200);
    const { kid } = decodeProtectedHeader(jwt);
    await admin('POST', '/admin/v1/keys/rotate', { mode: 'revoke' });
    const at = START + 1; // 1.5 s after the start, floored: a token with iat ≤ at is ended
    const service = { type: 'service', not_before: at };
    const key = { type: 'key', kid, revoked_at: at };

    expect(await pageOf(acmeApi, '?since=0')).toEqual({
      cursor: '9',
      snapshot: false,
      tenant: 'acme',
      more: false,
      events: [
        service,
        { type: 'tenant', tenant: 'acme', not_before: at },
        { type: 'client', client_id: 'acme-app', not_before: at },
        { type: 'user', sub: alice, not_before: at },
        { type: 'token', jti: decodeJwt(jwt).jti, exp: START + 3600 },
        key,
      ],
    });
    // a sub-tenant's resource server sees its ancestors' not-befores, and nothing of the parent's clients or users
    expect((await pageOf(euApi, '?since=0')).events).toEqual([
      service,
      { type: 'tenant', tenant: 'acme', not_before: at },
      { type: 'tenant', tenant: 'acme-eu', not_before: at },
      key,
    ]);
    expect((await pageOf(globexApi, '?since=0')).events).toEqual([
      service,
      { type: 'tenant', tenant: 'globex', not_before: at },
      { type: 'user', sub: gus, not_before: at },
      key,
    ]);
    // resuming: only what came after the cursor
    expect(await pageOf(acmeApi, '?since=5')).toEqual({
      cursor: '9',
      snapshot: false,
      tenant: 'acme',
      more: false,
      events: [
        { type: 'user', sub: alice, not_before: at },
        { type: 'token', jti: decodeJwt(jwt).jti, exp: START + 3600 },
        key,
      ],
    });
    expect(await pageOf(acmeApi, '?since=9')).toEqual({
      cursor: '9',
      snapshot: false,
      tenant: 'acme',
      more: false,
      events: [],
    });
  });

  it("a snapshot holds each level's latest not-before and only the revoked JWTs not yet expired", async () => {
    const jwt = await token(acmeApp);
    await lifespan.form('/oauth2/revoke', { token: jwt }, basic(acmeApp.id, acmeApp.secret));
    await admin('POST', `/admin/v1/users/${alice}/expire-tokens`);
    lifespan.clock.advance(60);
    await admin('POST', `/admin/v1/users/${alice}/expire-tokens`);
    expect(await pageOf(acmeApi)).toEqual({
      cursor: '3',
      snapshot: true,
      tenant: 'acme',
      more: false,
      events: [
        { type: 'token', jti: decodeJwt(jwt).jti, exp: START + 3600 },
        { type: 'user', sub: alice, not_before: START + 60 },
      ],
    });
    lifespan.clock.advance(3600);
    expect((await pageOf(acmeApi)).events).toEqual([{ type: 'user', sub: alice, not_before: START + 60 }]);
    // a cursor this store never gave (a store restored from an older backup): a fresh snapshot
    expect(await pageOf(acmeApi, '?since=99')).toEqual({
      cursor: '3',
      snapshot: true,
      tenant: 'acme',
      more: false,
      events: [{ type: 'user', sub: alice, not_before: START + 60 }],
    });
  });

  it('a JWT revoked twice, or a level that does not exist, adds no event', async () => {
    const jwt = await token(acmeApp);
    for (let n = 0; n < 2; n++) {
      await lifespan.form('/oauth2/revoke', { token: jwt }, basic(acmeApp.id, acmeApp.secret));
    }
    expect((await lifespan.admin('POST', '/admin/v1/clients/nobody/expire-tokens')).statusCode).toBe(404);
    expect((await pageOf(acmeApi, '?since=0')).cursor).toBe('1');
  });

  it('a deleted user is published as ended, so their JWTs end at resource servers too', async () => {
    expect((await lifespan.admin('DELETE', `/admin/v1/users/${alice}`)).statusCode).toBe(204);
    expect((await pageOf(acmeApi, '?since=0')).events).toEqual([
      { type: 'user', sub: alice, not_before: START },
    ]);
  });

  it('a long poll answers as soon as an event arrives', async () => {
    const waiting = feed(acmeApi, '?since=0&wait=30');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await admin('POST', `/admin/v1/users/${alice}/expire-tokens`);
    const response = await waiting;
    expect(response.json()).toEqual({
      cursor: '1',
      snapshot: false,
      tenant: 'acme',
      more: false,
      events: [{ type: 'user', sub: alice, not_before: START }],
    });
  });

  it('a long poll with nothing new answers empty when its wait ends', async () => {
    expect(await pageOf(acmeApi, '?since=0&wait=1')).toEqual({
      cursor: '0',
      snapshot: false,
      tenant: 'acme',
      more: false,
      events: [],
    });
  });

  it('refuses clients that are not resource servers, and bad cursors and waits, in OAuth terms', async () => {
    const anonymous = await lifespan.app.inject({ method: 'GET', url: '/oauth2/revocations' });
    expect({ status: anonymous.statusCode, body: anonymous.json() }).toEqual({
      status: 401,
      body: { error: 'invalid_client', error_description: 'client authentication is required' },
    });
    expect(anonymous.headers['www-authenticate']).toBe('Basic realm="lifespan"');
    const wrong = await feed({ id: 'acme-api', secret: 'wrong' });
    expect({ status: wrong.statusCode, body: wrong.json() }).toEqual({
      status: 401,
      body: { error: 'invalid_client', error_description: 'client authentication failed' },
    });
    const notAllowed = await feed(acmeApp);
    expect({ status: notAllowed.statusCode, body: notAllowed.json() }).toEqual({
      status: 400,
      body: {
        error: 'unauthorized_client',
        error_description: 'the client is not allowed the lifespan:revocations scope',
      },
    });
    for (const [query, description] of [
      ['?since=abc', 'since must be a cursor this endpoint returned'],
      ['?since=-1', 'since must be a cursor this endpoint returned'],
      ['?since=1e3', 'since must be a cursor this endpoint returned'],
      ['?since=1&since=2', 'parameter since is repeated'],
      ['?since=0&wait=31', 'wait must be a whole number of seconds from 0 to 30'],
      ['?since=0&wait=Infinity', 'wait must be a whole number of seconds from 0 to 30'],
    ]) {
      const response = await feed(acmeApi, query);
      expect({ query, status: response.statusCode, body: response.json() }).toEqual({
        query,
        status: 400,
        body: { error: 'invalid_request', error_description: description },
      });
    }
    const posted = await lifespan.app.inject({
      method: 'POST',
      url: '/oauth2/revocations',
      headers: basic(acmeApi.id, acmeApi.secret),
    });
    expect({ status: posted.statusCode, allow: posted.headers.allow, body: posted.json() }).toEqual({
      status: 405,
      allow: 'GET',
      body: { error: 'invalid_request', error_description: 'use GET' },
    });
  });
});
