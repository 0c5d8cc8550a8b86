import { afterEach, describe, expect, it } from 'vitest';
import { basic, type TestLifespan, tenantWithClient, testLifespan } from '../support/lifespan.ts';

describe('rate limits (per tenant policy)', () => {
  let lifespan: TestLifespan;
  afterEach(() => lifespan.close());

  const token = (clientId: string, secret: string, address = '127.0.0.1') =>
    lifespan.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      remoteAddress: address,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic(clientId, secret) },
      payload: 'grant_type=client_credentials',
    });

  it('answers 429 with Retry-After once a client exceeds its limit, until the minute ends', async () => {
    lifespan = await testLifespan();
    const { clientId, secret } = await tenantWithClient(lifespan, {
      tenant: { policy: { rateLimitPerClient: 3 } },
    });
    lifespan.clock.advance(15);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await token(clientId, secret)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await token(clientId, secret);
    expect(refused.headers['retry-after']).toBe('45');
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(refused.json()).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'too many requests: retry in 45 s',
    });
    lifespan.clock.advance(45);
    expect((await token(clientId, secret)).statusCode).toBe(200);
  });

  it('limits each client address apart', async () => {
    lifespan = await testLifespan();
    const { clientId, secret } = await tenantWithClient(lifespan, {
      tenant: { policy: { rateLimitPerAddress: 2 } },
    });
    expect((await token(clientId, secret, '10.0.0.1')).statusCode).toBe(200);
    expect((await token(clientId, secret, '10.0.0.1')).statusCode).toBe(200);
    expect((await token(clientId, secret, '10.0.0.1')).statusCode).toBe(429);
    expect((await token(clientId, secret, '10.0.0.2')).statusCode).toBe(200);
  });

  it("applies a tenant's limits to its own clients only", async () => {
    lifespan = await testLifespan();
    const limited = await tenantWithClient(lifespan, { tenant: { policy: { rateLimitPerClient: 1 } } });
    await lifespan.admin('POST', '/admin/v1/tenants', { id: 'free', name: 'Free' });
    const other = await lifespan.admin('POST', '/admin/v1/clients', {
      id: 'free-app',
      tenantId: 'free',
      name: 'Free app',
    });
    expect((await token(limited.clientId, limited.secret)).statusCode).toBe(200);
    expect((await token(limited.clientId, limited.secret)).statusCode).toBe(429);
    for (let i = 0; i < 3; i++)
      expect((await token('free-app', other.json().clientSecret)).statusCode).toBe(200);
  });

  it('limits the first-party login and the device authorization endpoint too', async () => {
    lifespan = await testLifespan();
    await lifespan.admin('POST', '/admin/v1/tenants', {
      id: 'acme',
      name: 'Acme',
      policy: { rateLimitPerClient: 1 },
    });
    await lifespan.admin('POST', '/admin/v1/clients', {
      id: 'app',
      tenantId: 'acme',
      name: 'App',
      firstParty: true,
      tokenEndpointAuthMethod: 'none',
      grantTypes: ['urn:ietf:params:oauth:grant-type:device_code'],
    });
    const login = () =>
      lifespan.app.inject({ method: 'POST', url: '/api/v1/auth/anonymous', payload: { client_id: 'app' } });
    expect((await login()).statusCode).toBe(201);
    const refused = await login();
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    const device = await lifespan.form('/oauth2/device_authorization', { client_id: 'app' });
    expect(device.statusCode).toBe(429);
  });
});
