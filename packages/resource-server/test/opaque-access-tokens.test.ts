import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createResourceServer, type ResourceServer } from '../src/index.ts';
import {
  bearer,
  type Credentials,
  clientToken,
  createClient,
  createTenant,
  RecordingFetch,
  revoke,
  type ServedLifespan,
  servedLifespan,
} from './support/lifespan-server.ts';

const DISCOVERY = '/.well-known/openid-configuration';
const INTROSPECT = '/oauth2/introspect';

const NOT_ACTIVE = {
  ok: false,
  status: 401,
  error: 'invalid_token',
  description: 'the access token is not active',
  scope: undefined,
  wwwAuthenticate:
    'Bearer realm="orders", error="invalid_token", error_description="the access token is not active"',
};

describe('opaque access tokens through introspection (RFC 7662) at a running Lifespan', () => {
  let served: ServedLifespan;
  let http: RecordingFetch;
  let service: Credentials;
  let server: ResourceServer;
  let apiSecret: string;
  beforeEach(async () => {
    served = await servedLifespan();
    http = new RecordingFetch();
    await createTenant(served.lifespan);
    service = await createClient(served.lifespan, 'service-o', { policy: { accessTokenFormat: 'opaque' } });
    // the API introspects as a client of its own, in the tokens' tenant
    const api = await createClient(served.lifespan, 'orders-api');
    apiSecret = api.secret;
    server = createResourceServer({
      issuer: served.issuer,
      audience: 'service-o',
      realm: 'orders',
      introspection: { clientId: api.clientId, clientSecret: api.secret },
      fetch: http.fetch,
      now: () => served.lifespan.clock.now(),
      onWarning: () => undefined,
    });
  });
  afterEach(() => served.lifespan.close());

  const nowSeconds = () => served.lifespan.clock.now() / 1000;

  it('accepts an active token with the introspected claims, and reuses the answer', async () => {
    const issued = await clientToken(served.lifespan, service, { scope: 'read write' });
    const result = await server.verify(bearer(issued.access_token));
    const claims = result.ok ? result.token.claims : {};
    expect(claims).toEqual({
      active: true,
      scope: 'read write',
      client_id: 'service-o',
      token_type: 'Bearer',
      exp: nowSeconds() + 3600,
      iat: nowSeconds(),
      sub: 'service-o',
      aud: 'service-o',
      iss: served.issuer,
      jti: expect.stringMatching(/^[0-9a-z]{23}$/),
      tid: 'acme',
      policy_version: expect.any(Number),
    });
    expect(result).toEqual({
      ok: true,
      token: {
        format: 'opaque',
        subject: 'service-o',
        clientId: 'service-o',
        scopes: ['read', 'write'],
        audience: ['service-o'],
        expiresAt: nowSeconds() + 3600,
        issuedAt: nowSeconds(),
        tokenId: claims.jti,
        claims,
      },
    });
    served.lifespan.clock.advance(59);
    expect(await server.verify(bearer(issued.access_token))).toEqual(result);
    expect(http.paths).toEqual([DISCOVERY, INTROSPECT]);
    // 60 s: the active answer's time is up
    served.lifespan.clock.advance(1);
    expect((await server.verify(bearer(issued.access_token))).ok).toBe(true);
    expect(http.paths).toEqual([DISCOVERY, INTROSPECT, INTROSPECT]);
  });

  it("never reuses an active answer past the token's exp", async () => {
    const issued = await clientToken(served.lifespan, service, { expires_in: '20' });
    expect(issued.expires_in).toBe(20);
    expect((await server.verify(bearer(issued.access_token))).ok).toBe(true);
    served.lifespan.clock.advance(19);
    expect((await server.verify(bearer(issued.access_token))).ok).toBe(true);
    expect(http.count(INTROSPECT)).toBe(1);
    served.lifespan.clock.advance(1);
    expect(await server.verify(bearer(issued.access_token))).toEqual(NOT_ACTIVE);
    expect(http.count(INTROSPECT)).toBe(2);
  });

  it('refuses an unknown token and keeps that answer for 5 s only', async () => {
    const unknown = `${'0'.repeat(23)}${'A'.repeat(43)}`;
    expect(await server.verify(bearer(unknown))).toEqual(NOT_ACTIVE);
    served.lifespan.clock.advance(4);
    expect(await server.verify(bearer(unknown))).toEqual(NOT_ACTIVE);
    expect(http.count(INTROSPECT)).toBe(1);
    served.lifespan.clock.advance(1);
    expect(await server.verify(bearer(unknown))).toEqual(NOT_ACTIVE);
    expect(http.count(INTROSPECT)).toBe(2);
  });

  it('refuses a token revoked at /oauth2/revoke (RFC 7009) once the cached active answer ends', async () => {
    const issued = await clientToken(served.lifespan, service);
    expect((await server.verify(bearer(issued.access_token))).ok).toBe(true);
    await revoke(served.lifespan, service, issued.access_token);
    // the active answer stands for up to 60 s: the price of not asking on every request
    served.lifespan.clock.advance(59);
    expect((await server.verify(bearer(issued.access_token))).ok).toBe(true);
    served.lifespan.clock.advance(1);
    expect(await server.verify(bearer(issued.access_token))).toEqual(NOT_ACTIVE);
    // the inactive answer is kept 5 s, then asked again, and still inactive
    served.lifespan.clock.advance(5);
    expect(await server.verify(bearer(issued.access_token))).toEqual(NOT_ACTIVE);
    expect(http.count(INTROSPECT)).toBe(3);
  });

  it('sends one introspection for concurrent verifications of one token (single-flight)', async () => {
    const issued = await clientToken(served.lifespan, service);
    const other = await clientToken(served.lifespan, service);
    const results = await Promise.all([
      server.verify(bearer(issued.access_token)),
      server.verify(bearer(issued.access_token)),
      server.verify(bearer(issued.access_token)),
      server.verify(bearer(other.access_token)),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, true, true, true]);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect(http.count(INTROSPECT)).toBe(2);
  });

  it('answers 503 while introspection is unreachable, caching nothing, and recovers', async () => {
    const issued = await clientToken(served.lifespan, service);
    expect((await server.verify(bearer(issued.access_token))).ok).toBe(true); // discovery done
    served.lifespan.clock.advance(60);
    http.unreachable = true;
    expect(await server.verify(bearer(issued.access_token))).toEqual({
      ok: false,
      status: 503,
      error: undefined,
      description: 'introspection failed: fetch failed',
      scope: undefined,
      wwwAuthenticate: undefined,
    });
    http.unreachable = false;
    expect((await server.verify(bearer(issued.access_token))).ok).toBe(true);
    expect(http.count(INTROSPECT)).toBe(3);
  });

  it('refuses a token lacking a required scope (403) or of another audience; 503 when the API credentials are refused', async () => {
    const issued = await clientToken(served.lifespan, service, { scope: 'read' });
    expect(await server.verify(bearer(issued.access_token), { scopes: ['read', 'write'] })).toEqual({
      ok: false,
      status: 403,
      error: 'insufficient_scope',
      description: 'the access token lacks a scope this resource requires',
      scope: 'read write',
      wwwAuthenticate:
        'Bearer realm="orders", error="insufficient_scope", ' +
        'error_description="the access token lacks a scope this resource requires", scope="read write"',
    });
    const elsewhere = (audience: string, clientSecret: string) =>
      createResourceServer({
        issuer: served.issuer,
        audience,
        realm: 'orders',
        introspection: { clientId: 'orders-api', clientSecret },
        fetch: http.fetch,
        now: () => served.lifespan.clock.now(),
        onWarning: () => undefined,
      });
    expect(await elsewhere('billing-api', apiSecret).verify(bearer(issued.access_token))).toEqual({
      ...NOT_ACTIVE,
      description: 'the access token is for another audience',
      wwwAuthenticate:
        'Bearer realm="orders", error="invalid_token", error_description="the access token is for another audience"',
    });
    // wrong credentials: the server refuses the introspection call itself, which is not the token's fault
    expect(await elsewhere('service-o', 'wrong').verify(bearer(issued.access_token))).toEqual({
      ok: false,
      status: 503,
      error: undefined,
      description: `introspection failed: ${served.issuer}/oauth2/introspect: HTTP 401`,
      scope: undefined,
      wwwAuthenticate: undefined,
    });
  });
});
