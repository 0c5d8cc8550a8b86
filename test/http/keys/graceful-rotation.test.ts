import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/domain/audit/audit-event.ts';
import { type UserSetup, webClientAndUser } from '../../support/browser-login.ts';
import { basic, type TestLifespan, tenantWithClient } from '../../support/lifespan.ts';
import {
  at,
  introspect,
  keyLifespan,
  keyList,
  kidOf,
  login,
  published,
  refresh,
  T0,
  userinfo,
  verifyNow,
} from './support.ts';

const rotate = (lifespan: TestLifespan, body: Record<string, unknown>) =>
  lifespan.admin('POST', '/admin/v1/keys/rotate', body);

describe('graceful signing-key rotation', () => {
  let lifespan: TestLifespan;
  let setup: UserSetup;
  afterEach(() => lifespan.close());

  async function start(env: Record<string, string> = {}): Promise<string> {
    lifespan = await keyLifespan({ JWT_ALGORITHM: 'ES256', ...env });
    setup = await webClientAndUser(lifespan);
    const [first] = await keyList(lifespan);
    if (!first) throw new Error('no signing key');
    return first.kid;
  }

  it('publishes the successor at once, signs with it after 300 s, and keeps the old key until its tokens expire', async () => {
    const k1 = await start();
    expect(await keyList(lifespan)).toEqual([
      {
        kid: k1,
        algorithm: 'ES256',
        status: 'active',
        createdAt: at(0),
        activatesAt: at(0),
        retiredAt: null,
        publishedUntil: null,
        revokedAt: null,
      },
    ]);
    expect(await published(lifespan)).toEqual([{ kid: k1, alg: 'ES256' }]);

    lifespan.clock.advance(10);
    const old = await login(lifespan, setup);
    expect(kidOf(old.access_token)).toBe(k1);
    expect(kidOf(old.id_token ?? '')).toBe(k1);

    const rotated = await rotate(lifespan, { mode: 'graceful' });
    expect(rotated.statusCode).toBe(200);
    const items = rotated.json().items as { kid: string }[];
    const k2 = items[1]?.kid ?? '';
    expect(k2).toMatch(/^[\w-]{43}$/);
    expect(k2).not.toBe(k1);
    const k1Retiring = {
      kid: k1,
      algorithm: 'ES256',
      createdAt: at(0),
      activatesAt: at(0),
      retiredAt: at(310),
      publishedUntil: at(310 + 3600),
      revokedAt: null,
    };
    const k2Listed = {
      kid: k2,
      algorithm: 'ES256',
      createdAt: at(10),
      activatesAt: at(310),
      retiredAt: null,
      publishedUntil: null,
      revokedAt: null,
    };
    expect(rotated.json()).toEqual({
      items: [
        { ...k1Retiring, status: 'active' },
        { ...k2Listed, status: 'next' },
      ],
    });
    expect(await keyList(lifespan)).toEqual([
      { ...k1Retiring, status: 'active' },
      { ...k2Listed, status: 'next' },
    ]);
    // before activation: both keys are published, the old one still signs
    expect(await published(lifespan)).toEqual([
      { kid: k1, alg: 'ES256' },
      { kid: k2, alg: 'ES256' },
    ]);
    lifespan.clock.advance(299.9); // 309.9 s
    const late = await login(lifespan, setup);
    expect(kidOf(late.access_token)).toBe(k1);
    expect(kidOf(late.id_token ?? '')).toBe(k1);
    expect((await keyList(lifespan)).map((k) => k.status)).toEqual(['active', 'next']);

    // at activation: the new key signs, the old one retires and stays published
    lifespan.clock.advance(0.1); // 310 s
    expect(await keyList(lifespan)).toEqual([
      { ...k1Retiring, status: 'retired' },
      { ...k2Listed, status: 'active' },
    ]);
    expect(await published(lifespan)).toEqual([
      { kid: k1, alg: 'ES256' },
      { kid: k2, alg: 'ES256' },
    ]);
    const fresh = await login(lifespan, setup);
    expect(kidOf(fresh.access_token)).toBe(k2);
    expect(kidOf(fresh.id_token ?? '')).toBe(k2);
    expect(await verifyNow(lifespan, fresh.access_token, 'at+jwt')).toEqual({ payload: expect.any(Object) });
    expect((await introspect(lifespan, setup, fresh.access_token)).active).toBe(true);
    // a refresh of a family begun under the old key gets tokens of the new key
    const refreshed = await refresh(lifespan, setup, late.refresh_token ?? '');
    expect(refreshed.statusCode).toBe(200);
    expect(kidOf(refreshed.json().access_token)).toBe(k2);
    expect(kidOf(refreshed.json().id_token)).toBe(k2);

    // the old key's tokens still verify and introspect active
    const oldAccess = await verifyNow(lifespan, old.access_token, 'at+jwt');
    expect(oldAccess).toEqual({
      payload: expect.objectContaining({ iat: T0 / 1000 + 10, exp: T0 / 1000 + 3610, sub: setup.userId }),
    });
    expect(await verifyNow(lifespan, old.id_token ?? '', 'JWT')).toEqual({
      payload: expect.objectContaining({ iat: T0 / 1000 + 10, exp: T0 / 1000 + 3610, aud: 'web' }),
    });
    expect((await introspect(lifespan, setup, old.access_token)).active).toBe(true);
    expect((await userinfo(lifespan, old.access_token)).statusCode).toBe(200);

    // ... until they expire
    lifespan.clock.set(T0 + 3609_999);
    expect((await introspect(lifespan, setup, old.access_token)).active).toBe(true);
    expect(await verifyNow(lifespan, old.id_token ?? '', 'JWT')).toEqual({ payload: expect.any(Object) });
    lifespan.clock.set(T0 + 3610_000);
    expect(await introspect(lifespan, setup, old.access_token)).toEqual({ active: false });
    expect(await verifyNow(lifespan, old.access_token, 'at+jwt')).toEqual({ error: 'ERR_JWT_EXPIRED' });
    expect(await verifyNow(lifespan, late.id_token ?? '', 'JWT')).toEqual({ payload: expect.any(Object) });
    expect((await introspect(lifespan, setup, late.access_token)).active).toBe(true);

    // the old key leaves the JWKS at exactly publishedUntil, and is then expired
    lifespan.clock.set(T0 + 3909_999);
    expect(await published(lifespan)).toEqual([
      { kid: k1, alg: 'ES256' },
      { kid: k2, alg: 'ES256' },
    ]);
    expect((await keyList(lifespan)).map((k) => k.status)).toEqual(['retired', 'active']);
    lifespan.clock.set(T0 + 3910_000);
    expect(await published(lifespan)).toEqual([{ kid: k2, alg: 'ES256' }]);
    expect(await keyList(lifespan)).toEqual([
      { ...k1Retiring, status: 'expired' },
      { ...k2Listed, status: 'active' },
    ]);
    expect(await verifyNow(lifespan, fresh.access_token, 'at+jwt')).toEqual({ error: 'ERR_JWT_EXPIRED' });
    const renewed = await login(lifespan, setup);
    expect(kidOf(renewed.access_token)).toBe(k2);
    expect(await verifyNow(lifespan, renewed.access_token, 'at+jwt')).toEqual({
      payload: expect.any(Object),
    });
  });

  it('answers 409 to a second graceful rotation while a successor is pending, and accepts one after', async () => {
    const k1 = await start();
    lifespan.clock.advance(1); // keys made in one millisecond are listed by kid: keep them apart
    expect((await rotate(lifespan, { mode: 'graceful' })).statusCode).toBe(200);
    const listed = await keyList(lifespan);
    const k2 = listed[1]?.kid ?? '';
    lifespan.clock.advance(299);
    const again = await rotate(lifespan, { mode: 'graceful', algorithm: 'ES256' });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(again.json()).toEqual({
      type: 'urn:lifespan:problem:conflict',
      title: 'Conflict',
      status: 409,
      detail: 'a ES256 key is already published and signs from 2026-01-01T00:05:01.000Z',
    });
    expect(await keyList(lifespan)).toEqual(listed);
    expect(await published(lifespan)).toEqual([
      { kid: k1, alg: 'ES256' },
      { kid: k2, alg: 'ES256' },
    ]);

    lifespan.clock.advance(1); // 301 s: the successor signs, nothing is pending
    const third = await rotate(lifespan, { mode: 'graceful' });
    expect(third.statusCode).toBe(200);
    const k3 = (third.json().items as { kid: string }[])[2]?.kid ?? '';
    expect(new Set([k1, k2, k3]).size).toBe(3);
    expect(third.json()).toEqual({
      items: [
        {
          kid: k1,
          algorithm: 'ES256',
          status: 'retired',
          createdAt: at(0),
          activatesAt: at(0),
          retiredAt: at(301),
          publishedUntil: at(3901),
          revokedAt: null,
        },
        {
          kid: k2,
          algorithm: 'ES256',
          status: 'active',
          createdAt: at(1),
          activatesAt: at(301),
          retiredAt: at(601),
          publishedUntil: at(4201),
          revokedAt: null,
        },
        {
          kid: k3,
          algorithm: 'ES256',
          status: 'next',
          createdAt: at(301),
          activatesAt: at(601),
          retiredAt: null,
          publishedUntil: null,
          revokedAt: null,
        },
      ],
    });
    expect(await published(lifespan)).toEqual([
      { kid: k1, alg: 'ES256' },
      { kid: k2, alg: 'ES256' },
      { kid: k3, alg: 'ES256' },
    ]);
  });

  it.each([
    ['a tenant accessTokenTtl of 2h', 'tenants/acme', { accessTokenTtl: '2h' }, 7200],
    ['a client ceiling on idTokenTtl of 1d', 'clients/web', { max: { idTokenTtl: '1d' } }, 86_400],
  ])(
    'keeps the old key published for the longest JWT lifetime of any policy: %s',
    async (_name, level, policy, seconds) => {
      const k1 = await start();
      const saved = await lifespan.admin('PUT', `/admin/v1/${level}/policy`, policy);
      expect(saved.statusCode).toBe(200);
      lifespan.clock.advance(1); // keys made in one millisecond are listed by kid: keep them apart
      const rotated = await rotate(lifespan, { mode: 'graceful' });
      expect(rotated.statusCode).toBe(200);
      const k2 = (rotated.json().items as { kid: string }[])[1]?.kid ?? '';
      expect(rotated.json().items[0]).toEqual({
        kid: k1,
        algorithm: 'ES256',
        status: 'active',
        createdAt: at(0),
        activatesAt: at(0),
        retiredAt: at(301),
        publishedUntil: at(301 + seconds),
        revokedAt: null,
      });
      lifespan.clock.set(T0 + (301 + seconds) * 1000 - 1);
      expect(await published(lifespan)).toEqual([
        { kid: k1, alg: 'ES256' },
        { kid: k2, alg: 'ES256' },
      ]);
      lifespan.clock.set(T0 + (301 + seconds) * 1000);
      expect(await published(lifespan)).toEqual([{ kid: k2, alg: 'ES256' }]);
      expect((await keyList(lifespan)).map((k) => [k.kid, k.status])).toEqual([
        [k1, 'expired'],
        [k2, 'active'],
      ]);
    },
  );

  it('keeps an old 2h token verifiable to its end when a tenant sets accessTokenTtl 2h', async () => {
    const k1 = await start();
    await lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', { accessTokenTtl: '2h' });
    expect((await rotate(lifespan, { mode: 'graceful' })).statusCode).toBe(200);
    lifespan.clock.advance(299);
    const old = await login(lifespan, setup);
    expect(old.expires_in).toBe(7200);
    expect(kidOf(old.access_token)).toBe(k1);
    lifespan.clock.set(T0 + (299 + 7200) * 1000 - 1);
    expect(await verifyNow(lifespan, old.access_token, 'at+jwt')).toEqual({ payload: expect.any(Object) });
    expect((await introspect(lifespan, setup, old.access_token)).active).toBe(true);
    lifespan.clock.set(T0 + (299 + 7200) * 1000);
    expect(await introspect(lifespan, setup, old.access_token)).toEqual({ active: false });
  });

  it('never withdraws the old key when some policy lets tokens live forever (accessTokenTtl never)', async () => {
    const k1 = await start();
    const saved = await lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', {
      accessTokenTtl: 'never',
      refreshTokenTtl: 'never',
      refreshTokenAbsoluteTtl: 'never',
    });
    expect(saved.statusCode).toBe(200);
    const forever = await login(lifespan, setup);
    expect(kidOf(forever.access_token)).toBe(k1);
    lifespan.clock.advance(1);
    const rotated = await rotate(lifespan, { mode: 'graceful' });
    const k2 = (rotated.json().items as { kid: string }[])[1]?.kid ?? '';
    expect(rotated.json().items).toEqual([
      {
        kid: k1,
        algorithm: 'ES256',
        status: 'active',
        createdAt: at(0),
        activatesAt: at(0),
        retiredAt: at(301),
        publishedUntil: null,
        revokedAt: null,
      },
      {
        kid: k2,
        algorithm: 'ES256',
        status: 'next',
        createdAt: at(1),
        activatesAt: at(301),
        retiredAt: null,
        publishedUntil: null,
        revokedAt: null,
      },
    ]);
    lifespan.clock.advance(400 * 86_400);
    expect((await keyList(lifespan)).map((k) => [k.kid, k.status, k.publishedUntil])).toEqual([
      [k1, 'retired', null],
      [k2, 'active', null],
    ]);
    expect(await published(lifespan)).toEqual([
      { kid: k1, alg: 'ES256' },
      { kid: k2, alg: 'ES256' },
    ]);
    expect(await verifyNow(lifespan, forever.access_token, 'at+jwt')).toEqual({
      payload: expect.any(Object),
    });
    expect((await introspect(lifespan, setup, forever.access_token)).active).toBe(true);
  });
});

describe('automatic rotation (rotateOlderThan)', () => {
  let lifespan: TestLifespan;
  afterEach(() => lifespan.close());

  it('rotates gracefully only the keys older than the interval, once', async () => {
    lifespan = await keyLifespan({ JWT_ALGORITHM: 'ES256' });
    const [first] = await keyList(lifespan);
    const e1 = first?.kid ?? '';
    lifespan.clock.advance(1800);
    // a client that signs EdDSA makes an EdDSA key at 1800 s
    const { clientId, secret } = await tenantWithClient(lifespan, {
      client: { policy: { signingAlgorithm: 'EdDSA' } },
    });
    const issued = await lifespan.form(
      '/oauth2/token',
      { grant_type: 'client_credentials' },
      basic(clientId, secret),
    );
    expect(issued.statusCode).toBe(200);
    const d1 = kidOf(issued.json().access_token) ?? '';
    expect(await keyList(lifespan)).toEqual([
      {
        kid: e1,
        algorithm: 'ES256',
        status: 'active',
        createdAt: at(0),
        activatesAt: at(0),
        retiredAt: null,
        publishedUntil: null,
        revokedAt: null,
      },
      {
        kid: d1,
        algorithm: 'EdDSA',
        status: 'active',
        createdAt: at(1800),
        activatesAt: at(1800),
        retiredAt: null,
        publishedUntil: null,
        revokedAt: null,
      },
    ]);

    lifespan.clock.set(T0 + 3600_000 - 1);
    expect(await lifespan.services.keyRotation.rotateOlderThan(3600, SYSTEM)).toEqual([]);
    expect((await keyList(lifespan)).map((k) => k.kid)).toEqual([e1, d1]);

    lifespan.clock.set(T0 + 3600_000);
    const rotated = await lifespan.services.keyRotation.rotateOlderThan(3600, SYSTEM);
    expect(rotated).toHaveLength(1);
    const e2 = rotated[0] ?? '';
    expect([e1, d1]).not.toContain(e2);
    expect(await lifespan.services.keyRotation.rotateOlderThan(3600, SYSTEM)).toEqual([]);
    expect(await keyList(lifespan)).toEqual([
      {
        kid: e1,
        algorithm: 'ES256',
        status: 'active',
        createdAt: at(0),
        activatesAt: at(0),
        retiredAt: at(3900),
        publishedUntil: at(7500),
        revokedAt: null,
      },
      {
        kid: d1,
        algorithm: 'EdDSA',
        status: 'active',
        createdAt: at(1800),
        activatesAt: at(1800),
        retiredAt: null,
        publishedUntil: null,
        revokedAt: null,
      },
      {
        kid: e2,
        algorithm: 'ES256',
        status: 'next',
        createdAt: at(3600),
        activatesAt: at(3900),
        retiredAt: null,
        publishedUntil: null,
        revokedAt: null,
      },
    ]);
    expect(await published(lifespan)).toEqual([
      { kid: e1, alg: 'ES256' },
      { kid: d1, alg: 'EdDSA' },
      { kid: e2, alg: 'ES256' },
    ]);

    // at 5400 s the EdDSA key is due; the ES256 successor (active since 3900 s) and the retired key are not
    lifespan.clock.set(T0 + 5400_000);
    const second = await lifespan.services.keyRotation.rotateOlderThan(3600, SYSTEM);
    expect(second).toHaveLength(1);
    const d2 = second[0] ?? '';
    expect((await keyList(lifespan)).map((k) => [k.kid, k.algorithm, k.status, k.activatesAt])).toEqual([
      [e1, 'ES256', 'retired', at(0)],
      [d1, 'EdDSA', 'active', at(1800)],
      [e2, 'ES256', 'active', at(3900)],
      [d2, 'EdDSA', 'next', at(5700)],
    ]);
  });
});
