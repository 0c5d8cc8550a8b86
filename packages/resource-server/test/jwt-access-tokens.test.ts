import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { login } from '../../../test/http/keys/support.ts';
import { webClientAndUser } from '../../../test/support/browser-login.ts';
import { testLifespan } from '../../../test/support/lifespan.ts';
import { createResourceServer, type ResourceServerOptions } from '../src/index.ts';
import {
  bearer,
  type Credentials,
  clientToken,
  createClient,
  createTenant,
  RecordingFetch,
  refused,
  type ServedLifespan,
  servedLifespan,
} from './support/lifespan-server.ts';

const DISCOVERY = '/.well-known/openid-configuration';
const JWKS = '/oauth2/jwks';

describe('JWT access tokens (RFC 9068) from a running Lifespan', () => {
  let served: ServedLifespan;
  let http: RecordingFetch;
  let warnings: string[];
  let service: Credentials;
  beforeEach(async () => {
    served = await servedLifespan({ JWT_ALGORITHM: 'ES256' });
    http = new RecordingFetch();
    warnings = [];
    await createTenant(served.lifespan);
    service = await createClient(served.lifespan, 'service-a');
  });
  afterEach(() => served.lifespan.close());

  const resourceServer = (options: Partial<ResourceServerOptions> = {}) =>
    createResourceServer({
      issuer: served.issuer,
      audience: 'service-a',
      realm: 'orders',
      fetch: http.fetch,
      now: () => served.lifespan.clock.now(),
      onWarning: (message) => warnings.push(message),
      ...options,
    });
  const nowSeconds = () => served.lifespan.clock.now() / 1000;

  it('accepts a valid token with its claims, fetching discovery and keys once and again after max-age', async () => {
    const issued = await clientToken(served.lifespan, service, { scope: 'read' });
    const server = resourceServer();
    const claims = decodeJwt(issued.access_token);
    expect(await server.verify(bearer(issued.access_token))).toEqual({
      ok: true,
      token: {
        format: 'jwt',
        subject: 'service-a',
        clientId: 'service-a',
        scopes: ['read'],
        audience: ['service-a'],
        expiresAt: nowSeconds() + 3600,
        issuedAt: nowSeconds(),
        tokenId: claims.jti,
        keyId: decodeProtectedHeader(issued.access_token).kid,
        claims,
      },
    });
    expect(http.paths).toEqual([DISCOVERY, JWKS]);

    // Lifespan serves its JWKS with max-age=300: reused until then, fetched again at 300 s
    served.lifespan.clock.advance(299);
    expect((await server.verify(bearer(issued.access_token))).ok).toBe(true);
    expect(http.paths).toEqual([DISCOVERY, JWKS]);
    served.lifespan.clock.advance(1);
    expect((await server.verify(bearer(issued.access_token))).ok).toBe(true);
    expect(http.paths).toEqual([DISCOVERY, JWKS, JWKS]);
    expect(warnings).toEqual([]);
  });

  it('refuses a token for another audience', async () => {
    const issued = await clientToken(served.lifespan, service);
    const server = resourceServer({ audience: 'billing-api' });
    expect(await server.verify(bearer(issued.access_token))).toEqual(
      refused('the access token is for another audience'),
    );
  });

  it('refuses a token of another issuer, though signed by a key of the same kid', async () => {
    // a second Lifespan of this process signs with the same key material, under another issuer name
    const other = await testLifespan({ ISSUER: 'http://other.example', JWT_ALGORITHM: 'ES256' });
    try {
      await createTenant(other);
      const foreign = await clientToken(other, await createClient(other, 'service-a'));
      const ours = await clientToken(served.lifespan, service);
      expect(decodeProtectedHeader(foreign.access_token).kid).toBe(
        decodeProtectedHeader(ours.access_token).kid,
      );
      expect(await resourceServer().verify(bearer(foreign.access_token))).toEqual(
        refused('the access token is from another issuer'),
      );
    } finally {
      await other.close();
    }
  });

  it('refuses an ID token, signed by the same keys, for want of typ at+jwt (RFC 9068 §4)', async () => {
    const setup = await webClientAndUser(served.lifespan);
    const tokens = await login(served.lifespan, setup);
    const idToken = tokens.id_token ?? '';
    expect(decodeProtectedHeader(idToken).typ).toBe('JWT');
    expect(await resourceServer({ audience: 'web' }).verify(bearer(idToken))).toEqual(
      refused('the token is not an access token (typ at+jwt)'),
    );
  });

  it('refuses algorithms not allowed before fetching any key: an HMAC forgery and a real ES256 token', async () => {
    const issued = await clientToken(served.lifespan, service);
    const { kid } = decodeProtectedHeader(issued.access_token);
    const forged = await new SignJWT(decodeJwt(issued.access_token))
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', ...(kid !== undefined && { kid }) })
      .sign(new TextEncoder().encode('a secret anyone could guess, at least 32 bytes'));
    const description = 'the access token is signed with an algorithm not accepted';
    expect(await resourceServer().verify(bearer(forged))).toEqual(refused(description));
    expect(await resourceServer({ algorithms: ['RS256'] }).verify(bearer(issued.access_token))).toEqual(
      refused(description),
    );
    expect(http.paths).toEqual([]);
  });

  it('refuses an expired token once past exp and the 5 s clock tolerance', async () => {
    const issued = await clientToken(served.lifespan, service);
    const server = resourceServer();
    served.lifespan.clock.advance(issued.expires_in + 4);
    expect((await server.verify(bearer(issued.access_token))).ok).toBe(true);
    served.lifespan.clock.advance(1);
    expect(await server.verify(bearer(issued.access_token))).toEqual(refused('the access token expired'));
  });

  it('refetches the keys for an unknown kid, at most once per 30 s cooldown, and follows a revoke rotation', async () => {
    const server = resourceServer();
    const before = await clientToken(served.lifespan, service);
    expect((await server.verify(bearer(before.access_token))).ok).toBe(true);
    expect(http.count(JWKS)).toBe(1);

    served.lifespan.clock.advance(10);
    const rotated = await served.lifespan.admin('POST', '/admin/v1/keys/rotate', { mode: 'revoke' });
    expect(rotated.statusCode).toBe(200);
    const after = await clientToken(served.lifespan, service);
    expect(decodeProtectedHeader(after.access_token).kid).not.toBe(
      decodeProtectedHeader(before.access_token).kid,
    );

    // 10 s after the last fetch: the cooldown holds the refetch back
    const unknownKey = refused('the access token is signed with an unknown key');
    expect(await server.verify(bearer(after.access_token))).toEqual(unknownKey);
    expect(http.count(JWKS)).toBe(1);

    served.lifespan.clock.advance(20);
    expect((await server.verify(bearer(after.access_token))).ok).toBe(true);
    expect(http.count(JWKS)).toBe(2);
    // the revoked key is gone from the refetched set
    expect(await server.verify(bearer(before.access_token))).toEqual(unknownKey);

    // a forged kid makes no more than one fetch per cooldown
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT(decodeJwt(after.access_token))
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'no-such-key' })
      .sign(privateKey);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(await server.verify(bearer(forged))).toEqual(unknownKey);
    }
    expect(http.count(JWKS)).toBe(2);
    served.lifespan.clock.advance(30);
    expect(await server.verify(bearer(forged))).toEqual(unknownKey);
    expect(await server.verify(bearer(forged))).toEqual(unknownKey);
    expect(http.count(JWKS)).toBe(3);
    expect(warnings).toEqual([]);
  });

  it('accepts the successor key of a graceful rotation with no restart, and the old key meanwhile', async () => {
    const server = resourceServer();
    const before = await clientToken(served.lifespan, service);
    expect((await server.verify(bearer(before.access_token))).ok).toBe(true);
    served.lifespan.clock.advance(10);
    expect(
      (await served.lifespan.admin('POST', '/admin/v1/keys/rotate', { mode: 'graceful' })).statusCode,
    ).toBe(200);
    // Lifespan signs with the successor 300 s after a graceful rotation
    served.lifespan.clock.advance(300);
    const after = await clientToken(served.lifespan, service);
    expect(decodeProtectedHeader(after.access_token).kid).not.toBe(
      decodeProtectedHeader(before.access_token).kid,
    );
    expect((await server.verify(bearer(after.access_token))).ok).toBe(true);
    expect((await server.verify(bearer(before.access_token))).ok).toBe(true);
    expect(http.count(JWKS)).toBe(2);
  });

  it('serves stale keys while the server is unreachable, warns once, and gives up after the stale window', async () => {
    const server = resourceServer({ keys: { staleIfErrorSeconds: 600 } });
    const issued = await clientToken(served.lifespan, service);
    expect((await server.verify(bearer(issued.access_token))).ok).toBe(true);

    http.unreachable = true;
    served.lifespan.clock.advance(300);
    expect((await server.verify(bearer(issued.access_token))).ok).toBe(true);
    served.lifespan.clock.advance(30);
    expect((await server.verify(bearer(issued.access_token))).ok).toBe(true);
    expect(http.count(JWKS)).toBe(3);
    expect(warnings).toEqual(['signing keys could not be refreshed, using the cached ones: fetch failed']);

    // fresh until 300 s, stale allowed for 600 s more
    served.lifespan.clock.advance(570);
    expect(await server.verify(bearer(issued.access_token))).toEqual({
      ok: false,
      status: 503,
      error: undefined,
      description: 'the signing keys are unavailable',
      scope: undefined,
      wwwAuthenticate: undefined,
    });

    http.unreachable = false;
    served.lifespan.clock.advance(30);
    expect((await server.verify(bearer(issued.access_token))).ok).toBe(true);
    expect(warnings).toHaveLength(1);
  });
});
