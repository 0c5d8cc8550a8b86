import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type UserSetup, webClientAndUser } from '../../support/browser-login.ts';
import { type TestLifespan, testLifespan } from '../../support/lifespan.ts';
import { introspect, login, REFRESH_REFUSED, refresh, userinfo } from './support.ts';

const INVALID_TOKEN = {
  error: 'invalid_token',
  error_description: 'the access token is invalid, expired or revoked',
};

interface InvalidationEvent {
  /** Set up before the login (e.g. invalidateOnChange on the level). */
  prepare?(lifespan: TestLifespan): Promise<void>;
  /** The event itself. */
  fire(lifespan: TestLifespan, setup: UserSetup): Promise<LightMyRequestResponse>;
  /** The event's answer. */
  answer: unknown;
}

const expireTokens = (url: (setup: UserSetup) => string): InvalidationEvent => ({
  fire: (lifespan, setup) => lifespan.admin('POST', url(setup)),
  answer: { notBefore: '2026-01-01T00:00:00.300Z' },
});

const lifetimeChange = (path: string): InvalidationEvent => ({
  prepare: async (lifespan) => {
    const saved = await lifespan.admin('PUT', path, { invalidateOnChange: true });
    if (saved.statusCode !== 200) throw new Error(`${path}: ${saved.body}`);
  },
  fire: (lifespan) => lifespan.admin('PUT', path, { invalidateOnChange: true, accessTokenTtl: '30m' }),
  answer: expect.objectContaining({}),
});

const EVENTS: [string, InvalidationEvent][] = [
  ['expiring the user’s tokens', expireTokens((s) => `/admin/v1/users/${s.userId}/expire-tokens`)],
  ['expiring the client’s tokens', expireTokens((s) => `/admin/v1/clients/${s.clientId}/expire-tokens`)],
  ['expiring the tenant’s tokens', expireTokens(() => '/admin/v1/tenants/acme/expire-tokens')],
  ['expiring the service’s tokens', expireTokens(() => '/admin/v1/service/expire-tokens')],
  ['a lifetime change on a tenant with invalidateOnChange', lifetimeChange('/admin/v1/tenants/acme/policy')],
  ['a lifetime change on a client with invalidateOnChange', lifetimeChange('/admin/v1/clients/web/policy')],
  ['a lifetime change on the service with invalidateOnChange', lifetimeChange('/admin/v1/service/policy')],
];

// the introspection cache is on (60 s): every invalidation must still be seen at once, everywhere
describe.each(['opaque', 'jwt'])('invalidation events on a user’s %s access token', (format) => {
  let lifespan: TestLifespan;
  afterEach(() => lifespan.close());

  it.each(EVENTS)(
    '%s ends the earlier tokens at once and leaves later ones (same second)',
    async (_name, event) => {
      lifespan = await testLifespan({ ACCESS_TOKEN_FORMAT: format, INTROSPECTION_CACHE_TTL: '60' });
      const setup = await webClientAndUser(lifespan);
      await event.prepare?.(lifespan);
      const before = await login(lifespan, setup);
      // fills the introspection cache and proves the token good
      expect(await introspect(lifespan, setup, before.access_token)).toMatchObject({
        active: true,
        sub: setup.userId,
        client_id: 'web',
      });
      expect((await userinfo(lifespan, before.access_token)).json()).toEqual({
        sub: setup.userId,
        name: 'Alice',
      });

      lifespan.clock.advance(0.3); // the same second: iat alone cannot tell before from after
      const fired = await event.fire(lifespan, setup);
      expect(fired.statusCode).toBe(200);
      expect(fired.json()).toEqual(event.answer);

      expect(await introspect(lifespan, setup, before.access_token)).toEqual({ active: false });
      const info = await userinfo(lifespan, before.access_token);
      expect(info.statusCode).toBe(401);
      expect(info.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
      expect(info.json()).toEqual(INVALID_TOKEN);
      const refused = await refresh(lifespan, setup, before.refresh_token ?? '');
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toEqual(REFRESH_REFUSED);

      // tokens issued after the event, in the same second, work
      const after = await login(lifespan, setup);
      expect(await introspect(lifespan, setup, after.access_token)).toMatchObject({
        active: true,
        sub: setup.userId,
      });
      expect((await userinfo(lifespan, after.access_token)).json()).toEqual({
        sub: setup.userId,
        name: 'Alice',
      });
      const refreshed = await refresh(lifespan, setup, after.refresh_token ?? '');
      expect(refreshed.statusCode).toBe(200);
      const next = refreshed.json().access_token as string;
      expect((await introspect(lifespan, setup, next)).active).toBe(true);
      expect((await userinfo(lifespan, next)).statusCode).toBe(200);
      lifespan.clock.advance(10);
      expect((await introspect(lifespan, setup, after.access_token)).active).toBe(true);
      expect((await introspect(lifespan, setup, next)).active).toBe(true);
      // and the earlier ones stay ended
      expect(await introspect(lifespan, setup, before.access_token)).toEqual({ active: false });
    },
  );
});
