import { afterEach, describe, expect, it } from 'vitest';
import { REDIRECT_URI, type UserSetup, webClientAndUser } from '../../support/browser-login.ts';
import type { TestLifespan } from '../../support/lifespan.ts';
import {
  at,
  introspect,
  keyLifespan,
  keyList,
  kidOf,
  login,
  published,
  REFRESH_REFUSED,
  refresh,
  userinfo,
  verifyNow,
} from './support.ts';

const INVALID_TOKEN_CHALLENGE =
  'Bearer realm="lifespan", error="invalid_token", error_description="the access token is invalid, expired or revoked"';

describe('revoking a signing key (seed 004 #3)', () => {
  let lifespan: TestLifespan;
  afterEach(() => lifespan.close());

  it('withdraws the old key at once: its JWTs, ID tokens and refresh families end; other algorithms are untouched', async () => {
    // the service signs RS256; one client signs ES256
    lifespan = await keyLifespan();
    const rs = await webClientAndUser(lifespan);
    const esClient = await lifespan.admin('POST', '/admin/v1/clients', {
      id: 'web-es',
      tenantId: 'acme',
      name: 'Web ES',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'profile'],
      redirectUris: [REDIRECT_URI],
      policy: { signingAlgorithm: 'ES256' },
    });
    expect(esClient.statusCode).toBe(201);
    const es: UserSetup = { ...rs, clientId: 'web-es', secret: esClient.json().clientSecret };
    const [initial] = await keyList(lifespan);
    const r1 = initial?.kid ?? '';

    lifespan.clock.advance(10);
    const rsTokens = await login(lifespan, rs);
    const esTokens = await login(lifespan, es);
    expect(kidOf(rsTokens.access_token)).toBe(r1);
    expect(kidOf(rsTokens.id_token ?? '')).toBe(r1);
    const e1 = kidOf(esTokens.access_token) ?? '';
    expect(kidOf(esTokens.id_token ?? '')).toBe(e1);
    expect(await published(lifespan)).toEqual([
      { kid: r1, alg: 'RS256' },
      { kid: e1, alg: 'ES256' },
    ]);
    expect((await introspect(lifespan, rs, rsTokens.access_token)).active).toBe(true);
    expect((await userinfo(lifespan, rsTokens.access_token)).statusCode).toBe(200);

    lifespan.clock.advance(5);
    const rotated = await lifespan.admin('POST', '/admin/v1/keys/rotate', { mode: 'revoke' });
    expect(rotated.statusCode).toBe(200);
    const r2 = (rotated.json().items as { kid: string }[])[2]?.kid ?? '';
    expect([r1, e1]).not.toContain(r2);
    const expectedKeys = [
      {
        kid: r1,
        algorithm: 'RS256',
        status: 'revoked',
        createdAt: at(0),
        activatesAt: at(0),
        retiredAt: null,
        publishedUntil: null,
        revokedAt: at(15),
      },
      {
        kid: e1,
        algorithm: 'ES256',
        status: 'active',
        createdAt: at(10),
        activatesAt: at(10),
        retiredAt: null,
        publishedUntil: null,
        revokedAt: null,
      },
      {
        kid: r2,
        algorithm: 'RS256',
        status: 'active',
        createdAt: at(15),
        activatesAt: at(15),
        retiredAt: null,
        publishedUntil: null,
        revokedAt: null,
      },
    ];
    expect(rotated.json()).toEqual({ items: expectedKeys });
    expect(await keyList(lifespan)).toEqual(expectedKeys);
    expect(await published(lifespan)).toEqual([
      { kid: e1, alg: 'ES256' },
      { kid: r2, alg: 'RS256' },
    ]);

    // everything the revoked key signed is invalid at once
    expect(await verifyNow(lifespan, rsTokens.access_token, 'at+jwt')).toEqual({
      error: 'ERR_JWKS_NO_MATCHING_KEY',
    });
    expect(await verifyNow(lifespan, rsTokens.id_token ?? '', 'JWT')).toEqual({
      error: 'ERR_JWKS_NO_MATCHING_KEY',
    });
    expect(await introspect(lifespan, rs, rsTokens.access_token)).toEqual({ active: false });
    const info = await userinfo(lifespan, rsTokens.access_token);
    expect(info.statusCode).toBe(401);
    expect(info.headers['www-authenticate']).toBe(INVALID_TOKEN_CHALLENGE);
    const refused = await refresh(lifespan, rs, rsTokens.refresh_token ?? '');
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual(REFRESH_REFUSED);

    // the ES256 key's tokens are not affected
    expect(await verifyNow(lifespan, esTokens.access_token, 'at+jwt')).toEqual({
      payload: expect.objectContaining({ client_id: 'web-es', sub: es.userId }),
    });
    expect(await verifyNow(lifespan, esTokens.id_token ?? '', 'JWT')).toEqual({
      payload: expect.objectContaining({ aud: 'web-es', sub: es.userId }),
    });
    expect((await introspect(lifespan, es, esTokens.access_token)).active).toBe(true);
    expect((await userinfo(lifespan, esTokens.access_token)).statusCode).toBe(200);
    const esRefreshed = await refresh(lifespan, es, esTokens.refresh_token ?? '');
    expect(esRefreshed.statusCode).toBe(200);
    expect(kidOf(esRefreshed.json().access_token)).toBe(e1);

    // a new login works, with the new key
    const fresh = await login(lifespan, rs);
    expect(kidOf(fresh.access_token)).toBe(r2);
    expect(kidOf(fresh.id_token ?? '')).toBe(r2);
    expect(await verifyNow(lifespan, fresh.access_token, 'at+jwt')).toEqual({
      payload: expect.objectContaining({ client_id: 'web', sub: rs.userId }),
    });
    expect(await verifyNow(lifespan, fresh.id_token ?? '', 'JWT')).toEqual({
      payload: expect.objectContaining({ aud: 'web', sub: rs.userId }),
    });
    expect((await introspect(lifespan, rs, fresh.access_token)).active).toBe(true);
    expect((await userinfo(lifespan, fresh.access_token)).json()).toEqual({ sub: rs.userId, name: 'Alice' });
    const renewed = await refresh(lifespan, rs, fresh.refresh_token ?? '');
    expect(renewed.statusCode).toBe(200);
    expect(kidOf(renewed.json().access_token)).toBe(r2);
    expect((await introspect(lifespan, rs, renewed.json().access_token)).active).toBe(true);
  });

  it('withdraws a pending graceful successor too: the key made by the revocation keeps signing', async () => {
    lifespan = await keyLifespan({ JWT_ALGORITHM: 'ES256' });
    const setup = await webClientAndUser(lifespan);
    const [initial] = await keyList(lifespan);
    const k1 = initial?.kid ?? '';
    lifespan.clock.advance(1); // keys made in one millisecond are listed by kid: keep them apart
    const graceful = await lifespan.admin('POST', '/admin/v1/keys/rotate', { mode: 'graceful' });
    const k2 = (graceful.json().items as { kid: string }[])[1]?.kid ?? '';
    lifespan.clock.advance(10);
    const before = await login(lifespan, setup);
    expect(kidOf(before.access_token)).toBe(k1);

    const revoked = await lifespan.admin('POST', '/admin/v1/keys/rotate', {
      mode: 'revoke',
      algorithm: 'ES256',
    });
    expect(revoked.statusCode).toBe(200);
    const k3 = (revoked.json().items as { kid: string }[])[2]?.kid ?? '';
    // (a revoked key's publishedUntil is not asserted: it is withdrawn whatever that says)
    expect(
      (
        revoked.json().items as {
          kid: string;
          status: string;
          activatesAt: string;
          retiredAt: string | null;
          revokedAt: string | null;
        }[]
      ).map((k) => [k.kid, k.status, k.activatesAt, k.retiredAt, k.revokedAt]),
    ).toEqual([
      [k1, 'revoked', at(0), at(301), at(11)],
      [k2, 'revoked', at(301), null, at(11)],
      [k3, 'active', at(11), null, null],
    ]);
    expect(await published(lifespan)).toEqual([{ kid: k3, alg: 'ES256' }]);
    expect(await introspect(lifespan, setup, before.access_token)).toEqual({ active: false });
    expect((await refresh(lifespan, setup, before.refresh_token ?? '')).json()).toEqual(REFRESH_REFUSED);

    // past the withdrawn successor's activation, the key made by the revocation still signs
    lifespan.clock.advance(600);
    const after = await login(lifespan, setup);
    expect(kidOf(after.access_token)).toBe(k3);
    expect(await published(lifespan)).toEqual([{ kid: k3, alg: 'ES256' }]);
    expect((await introspect(lifespan, setup, after.access_token)).active).toBe(true);
  });
  it('ends the families whose latest access token the revoked key signed, even those begun under an older key', async () => {
    lifespan = await keyLifespan({ JWT_ALGORITHM: 'ES256' });
    const setup = await webClientAndUser(lifespan);
    const [initial] = await keyList(lifespan);
    const k1 = initial?.kid ?? '';
    const refreshedLater = await login(lifespan, setup);
    const untouched = await login(lifespan, setup);
    lifespan.clock.advance(1);
    const graceful = await lifespan.admin('POST', '/admin/v1/keys/rotate', { mode: 'graceful' });
    const k2 = (graceful.json().items as { kid: string }[])[1]?.kid ?? '';
    lifespan.clock.advance(300); // 301 s: k2 signs, k1 is retired
    const renewed = await refresh(lifespan, setup, refreshedLater.refresh_token ?? '');
    expect(renewed.statusCode).toBe(200);
    expect(kidOf(renewed.json().access_token)).toBe(k2);
    const underK2 = await login(lifespan, setup);
    expect(kidOf(underK2.access_token)).toBe(k2);

    lifespan.clock.advance(10);
    const revoked = await lifespan.admin('POST', '/admin/v1/keys/rotate', { mode: 'revoke' });
    expect(revoked.statusCode).toBe(200);
    const k3 = (revoked.json().items as { kid: string }[])[2]?.kid ?? '';
    expect(
      (
        revoked.json().items as { kid: string; status: string; retiredAt: string; revokedAt: string | null }[]
      ).map((k) => [k.kid, k.status, k.retiredAt, k.revokedAt]),
    ).toEqual([
      [k1, 'retired', at(301), null],
      [k2, 'revoked', null, at(311)],
      [k3, 'active', null, null],
    ]);
    expect(await published(lifespan)).toEqual([
      { kid: k1, alg: 'ES256' },
      { kid: k3, alg: 'ES256' },
    ]);
    // k2 signed the latest access token of these two families: both end
    expect((await refresh(lifespan, setup, renewed.json().refresh_token)).json()).toEqual(REFRESH_REFUSED);
    expect((await refresh(lifespan, setup, underK2.refresh_token ?? '')).json()).toEqual(REFRESH_REFUSED);
    expect(await introspect(lifespan, setup, renewed.json().access_token)).toEqual({ active: false });
    expect(await introspect(lifespan, setup, underK2.access_token)).toEqual({ active: false });
    // the retired k1 was not revoked: what it signed lives on
    expect((await introspect(lifespan, setup, untouched.access_token)).active).toBe(true);
    expect(await verifyNow(lifespan, untouched.id_token ?? '', 'JWT')).toEqual({
      payload: expect.any(Object),
    });
    const stillGood = await refresh(lifespan, setup, untouched.refresh_token ?? '');
    expect(stillGood.statusCode).toBe(200);
    expect(kidOf(stillGood.json().access_token)).toBe(k3);
  });

  it('with opaque access tokens: ID tokens of the revoked key fail; the families (no signed access token) stay', async () => {
    lifespan = await keyLifespan({ JWT_ALGORITHM: 'ES256', ACCESS_TOKEN_FORMAT: 'opaque' });
    const setup = await webClientAndUser(lifespan);
    const [initial] = await keyList(lifespan);
    const k1 = initial?.kid ?? '';
    const tokens = await login(lifespan, setup);
    expect(kidOf(tokens.id_token ?? '')).toBe(k1);
    lifespan.clock.advance(1);
    const revoked = await lifespan.admin('POST', '/admin/v1/keys/rotate', { mode: 'revoke' });
    expect(revoked.statusCode).toBe(200);
    const k2 = (revoked.json().items as { kid: string }[])[1]?.kid ?? '';
    expect(await published(lifespan)).toEqual([{ kid: k2, alg: 'ES256' }]);
    expect(await verifyNow(lifespan, tokens.id_token ?? '', 'JWT')).toEqual({
      error: 'ERR_JWKS_NO_MATCHING_KEY',
    });
    expect((await introspect(lifespan, setup, tokens.access_token)).active).toBe(true);
    const renewed = await refresh(lifespan, setup, tokens.refresh_token ?? '');
    expect(renewed.statusCode).toBe(200);
    expect(kidOf(renewed.json().id_token)).toBe(k2);
  });
});
