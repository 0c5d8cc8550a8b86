import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type TestLifespan, testLifespan } from '../../support/lifespan.ts';
import { schemaProblem } from './support.ts';

/** Many HTTP clients send `content-type: application/json` with no body on actions that take none. */
describe('actions without a body, sent with content-type: application/json', () => {
  let lifespan: TestLifespan;
  beforeEach(async () => {
    lifespan = await testLifespan();
    await lifespan.admin('POST', '/admin/v1/tenants', { id: 'acme', name: 'Acme' });
  });
  afterEach(() => lifespan.close());

  const post = (url: string, headers: Record<string, string>) =>
    lifespan.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, ...headers },
    });

  it.each([
    ['with the header', { 'content-type': 'application/json' }],
    ['without it', {}],
  ])('expire-tokens and a key rotation with its defaults work %s', async (_, headers) => {
    const expired = await post('/admin/v1/tenants/acme/expire-tokens', headers);
    expect({ status: expired.statusCode, body: expired.json() }).toEqual({
      status: 200,
      body: { notBefore: '2026-01-01T00:00:00.000Z' },
    });
    const rotated = await post('/admin/v1/keys/rotate', headers);
    expect(rotated.statusCode).toBe(200);
    // graceful by default: the successor is published as next, the current key keeps signing
    const statuses = (rotated.json() as { items: { status: string }[] }).items.map((key) => key.status);
    expect(statuses.sort()).toEqual(['active', 'next']);
  });

  it('a route that needs a body still says so in its schema’s words', async () => {
    const response = await post('/admin/v1/tenants', { 'content-type': 'application/json' });
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 400,
      body: schemaProblem([{ field: 'body', message: 'must be object' }]),
    });
  });

  it('a first-party logout sent with the header and no body ends the login', async () => {
    const app = await lifespan.admin('POST', '/admin/v1/clients', {
      id: 'app',
      tenantId: 'acme',
      name: 'App',
      firstParty: true,
      tokenEndpointAuthMethod: 'none',
      grantTypes: ['refresh_token'],
    });
    expect(app.statusCode).toBe(201);
    const login = await lifespan.app.inject({
      method: 'POST',
      url: '/api/v1/auth/anonymous',
      payload: { client_id: 'app' },
    });
    const token = login.json().access_token as string;
    const logout = await lifespan.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    expect({ status: logout.statusCode, body: logout.body }).toEqual({ status: 204, body: '' });
    const me = await lifespan.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.statusCode).toBe(401);
  });
});
