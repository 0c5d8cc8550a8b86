import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { basic, type TestLifespan, tenantWithClient, testLifespan } from '../support/lifespan.ts';

const T0 = Date.parse('2026-01-01T00:00:00.000Z') / 1000;

async function token(
  lifespan: TestLifespan,
  clientId: string,
  secret: string,
  fields: Record<string, string> = {},
) {
  const response = await lifespan.form(
    '/oauth2/token',
    { grant_type: 'client_credentials', ...fields },
    basic(clientId, secret),
  );
  if (response.statusCode !== 200) throw new Error(`token: ${response.statusCode} ${response.body}`);
  return response.json() as { access_token: string; expires_in: number; scope: string; token_type: string };
}

async function introspect(lifespan: TestLifespan, clientId: string, secret: string, accessToken: string) {
  const response = await lifespan.form('/oauth2/introspect', { token: accessToken }, basic(clientId, secret));
  expect(response.statusCode).toBe(200);
  expect(response.headers['cache-control']).toBe('no-store');
  return response.json();
}

describe('access tokens', () => {
  let lifespan: TestLifespan;
  afterEach(() => lifespan.close());

  it('mints RFC 9068 JWTs that verify against the published JWKS', async () => {
    lifespan = await testLifespan();
    const { clientId, secret } = await tenantWithClient(lifespan);
    const issued = await token(lifespan, clientId, secret, { scope: 'read write' });
    expect(issued).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'read write',
    });

    const jwks = (await lifespan.app.inject({ method: 'GET', url: '/oauth2/jwks' })).json() as JSONWebKeySet;
    const header = decodeProtectedHeader(issued.access_token);
    expect(header).toEqual({ alg: 'RS256', typ: 'at+jwt', kid: jwks.keys[0]?.kid });
    const { payload } = await jwtVerify(issued.access_token, createLocalJWKSet(jwks), {
      issuer: 'http://localhost:8080',
      audience: clientId,
      typ: 'at+jwt',
      currentDate: new Date(T0 * 1000),
    });
    expect(payload).toEqual({
      iss: 'http://localhost:8080',
      sub: 'service-a',
      aud: 'service-a',
      exp: T0 + 3600,
      iat: T0,
      jti: expect.stringMatching(/^[\w-]{22}$/),
      client_id: 'service-a',
      scope: 'read write',
      tid: 'acme',
      policy_version: 1,
    });
  });

  it.each(['PS256', 'ES256', 'EdDSA'])('signs with %s when the policy says so', async (algorithm) => {
    lifespan = await testLifespan();
    const { clientId, secret } = await tenantWithClient(lifespan, {
      client: { policy: { signingAlgorithm: algorithm } },
    });
    const issued = await token(lifespan, clientId, secret);
    const jwks = (await lifespan.app.inject({ method: 'GET', url: '/oauth2/jwks' })).json() as JSONWebKeySet;
    expect(jwks.keys.map((k) => k.alg).sort()).toEqual(['RS256', algorithm].sort());
    const { protectedHeader } = await jwtVerify(issued.access_token, createLocalJWKSet(jwks), {
      currentDate: new Date(T0 * 1000),
    });
    expect(protectedHeader.alg).toBe(algorithm);
    expect((await introspect(lifespan, clientId, secret, issued.access_token)).active).toBe(true);
  });

  it('issues opaque tokens that only introspection understands (seed 003 #3)', async () => {
    lifespan = await testLifespan({ ACCESS_TOKEN_FORMAT: 'opaque' });
    const { clientId, secret } = await tenantWithClient(lifespan);
    const issued = await token(lifespan, clientId, secret, { scope: 'read' });
    expect(issued.access_token).toMatch(/^[0-9a-z]{23}[\w-]{43}$/);
    expect(await introspect(lifespan, clientId, secret, issued.access_token)).toEqual({
      active: true,
      scope: 'read',
      client_id: 'service-a',
      token_type: 'Bearer',
      exp: T0 + 3600,
      iat: T0,
      sub: 'service-a',
      aud: 'service-a',
      iss: 'http://localhost:8080',
      // an opaque token's jti is its public id, the first 23 characters
      jti: issued.access_token.slice(0, 23),
      tid: 'acme',
      policy_version: 1,
    });
  });

  it.each(['jwt', 'opaque'])('expires a %s token at exactly iat + lifetime', async (format) => {
    lifespan = await testLifespan({ ACCESS_TOKEN_FORMAT: format, ACCESS_TOKEN_TTL: '10m' });
    const { clientId, secret } = await tenantWithClient(lifespan);
    const issued = await token(lifespan, clientId, secret);
    expect(issued.expires_in).toBe(600);
    lifespan.clock.advance(599);
    expect((await introspect(lifespan, clientId, secret, issued.access_token)).active).toBe(true);
    lifespan.clock.advance(1);
    expect(await introspect(lifespan, clientId, secret, issued.access_token)).toEqual({ active: false });
  });

  it('grants the requested expires_in up to the ceiling and says what it granted (seed 001 #2)', async () => {
    lifespan = await testLifespan();
    const { clientId, secret } = await tenantWithClient(lifespan, {
      tenant: { policy: { accessTokenTtl: '1h', max: { accessTokenTtl: '1d' } } },
    });
    expect((await token(lifespan, clientId, secret, { expires_in: '7200' })).expires_in).toBe(7200);
    expect((await token(lifespan, clientId, secret, { expires_in: '172800' })).expires_in).toBe(86_400);
    expect((await token(lifespan, clientId, secret, { expires_in: '60' })).expires_in).toBe(60);
  });

  it('rejects expires_in above the ceiling where the tenant chose reject', async () => {
    lifespan = await testLifespan();
    const { clientId, secret } = await tenantWithClient(lifespan, {
      tenant: { policy: { max: { accessTokenTtl: '1d' }, requestOverCeiling: 'reject' } },
    });
    const response = await lifespan.form(
      '/oauth2/token',
      { grant_type: 'client_credentials', expires_in: '172800' },
      basic(clientId, secret),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'invalid_request',
      error_description: 'expires_in must not exceed 86400 seconds',
    });
  });

  it('mints never-expiring tokens as 2147483647 s under the legacy preset', async () => {
    lifespan = await testLifespan();
    await lifespan.admin('POST', '/admin/v1/service/policy/preset', { preset: 'legacy-never-expire' });
    const { clientId, secret } = await tenantWithClient(lifespan);
    expect((await token(lifespan, clientId, secret)).expires_in).toBe(2_147_483_647);
  });

  it('records the policy version each token was minted under', async () => {
    lifespan = await testLifespan({ ACCESS_TOKEN_FORMAT: 'opaque' });
    const { clientId, secret } = await tenantWithClient(lifespan);
    const before = await token(lifespan, clientId, secret);
    await lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', { accessTokenTtl: '30m' });
    const after = await token(lifespan, clientId, secret);
    expect(after.expires_in).toBe(1800);
    expect((await introspect(lifespan, clientId, secret, before.access_token)).policy_version).toBe(1);
    expect((await introspect(lifespan, clientId, secret, after.access_token)).policy_version).toBe(2);
    // seed 001: without invalidateOnChange an issued token keeps its own expiry
    expect((await introspect(lifespan, clientId, secret, before.access_token)).exp).toBe(T0 + 3600);
  });
});

describe('service and client durations (seed 002)', () => {
  let lifespan: TestLifespan;
  afterEach(() => lifespan.close());

  it('uses the service duration for client 1 and the client duration for client 2', async () => {
    lifespan = await testLifespan({ ACCESS_TOKEN_TTL: '86400' });
    const one = await tenantWithClient(lifespan, { client: { id: 'client-1' } });
    const two = await lifespan.admin('POST', '/admin/v1/clients', {
      id: 'client-2',
      tenantId: 'acme',
      name: 'Client 2',
      scopes: ['openid', 'payments'],
      policy: { accessTokenTtl: 3000 },
    });
    const secretTwo = two.json().clientSecret as string;
    expect((await token(lifespan, one.clientId, one.secret)).expires_in).toBe(86_400);
    expect((await token(lifespan, 'client-2', secretTwo, { scope: 'openid' })).expires_in).toBe(3000);

    await lifespan.admin('POST', '/admin/v1/scopes', { name: 'payments', policy: { accessTokenTtl: 600 } });
    expect((await token(lifespan, 'client-2', secretTwo, { scope: 'openid payments' })).expires_in).toBe(600);
    expect((await token(lifespan, 'client-2', secretTwo, { scope: 'openid' })).expires_in).toBe(3000);
  });
});
