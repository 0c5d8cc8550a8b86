import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Accounts, accounts } from './accounts-support.ts';

/** A user's own overrides are a policy level like the others: read with an ETag, previewed, versioned, rolled back. */
describe('the user level of the policy', () => {
  let a: Accounts;
  let userId: string;
  beforeEach(async () => {
    a = await accounts();
    userId = (await a.createUser({ username: 'bob' })).id;
  });
  afterEach(() => a.lifespan.close());

  it('previews a change with what lives under the user, saves it as a version, and rolls it back', async () => {
    const { lifespan } = a;
    await a.login('bob');
    const read = await lifespan.admin('GET', `/admin/v1/users/${userId}/policy`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ policy: {}, version: 1, warnings: [] });
    const etag = read.headers.etag as string;

    const preview = await lifespan.admin('PUT', `/admin/v1/users/${userId}/policy?dryRun=true`, {
      accessTokenTtl: '15m',
    });
    expect(preview.json()).toEqual({
      dryRun: true,
      policy: { accessTokenTtl: 900 },
      warnings: [],
      changes: [
        {
          subjectClass: 'user',
          setting: 'accessTokenTtl',
          before: { value: 3600, source: { level: 'default' } },
          after: { value: 900, source: { level: 'user', id: userId } },
        },
      ],
      invalidatesTokens: false,
      liveRefreshFamilies: 1,
      liveSessions: 0,
    });

    const saved = await lifespan.app.inject({
      method: 'PUT',
      url: `/admin/v1/users/${userId}/policy`,
      headers: { authorization: 'Bearer test-admin-key-0123456789', 'if-match': etag },
      payload: { accessTokenTtl: '15m' },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ policy: { accessTokenTtl: 900 }, version: 2, warnings: [] });
    // a PATCH of the user's policy is a version too
    await lifespan.admin('PATCH', `/admin/v1/users/${userId}`, { policy: { accessTokenTtl: '10m' } });
    const history = await lifespan.admin('GET', `/admin/v1/users/${userId}/policy/history`);
    expect(
      history.json().items.map((v: { version: number; actor: string; before: unknown; after: unknown }) => v),
    ).toEqual([
      {
        version: 3,
        actor: 'admin-key:bootstrap',
        at: '2026-01-01T00:00:00.000Z',
        before: { accessTokenTtl: 900 },
        after: { accessTokenTtl: 600 },
      },
      {
        version: 2,
        actor: 'admin-key:bootstrap',
        at: '2026-01-01T00:00:00.000Z',
        before: {},
        after: { accessTokenTtl: 900 },
      },
    ]);
    const stale = await lifespan.app.inject({
      method: 'POST',
      url: `/admin/v1/users/${userId}/policy/rollback`,
      headers: {
        authorization: 'Bearer test-admin-key-0123456789',
        'if-match': saved.headers.etag as string,
      },
      payload: { version: 2 },
    });
    expect(stale.statusCode).toBe(412);
    const rolledBack = await lifespan.admin('POST', `/admin/v1/users/${userId}/policy/rollback`, {
      version: 2,
    });
    expect(rolledBack.json()).toEqual({ policy: { accessTokenTtl: 900 }, version: 4, warnings: [] });
    expect((await lifespan.admin('GET', `/admin/v1/users/${userId}`)).json().policy).toEqual({
      accessTokenTtl: 900,
    });
  });

  it("with invalidateOnChange, changing the user's token lifetime ends the user's current tokens", async () => {
    const tokens = await a.login('bob');
    expect(await a.active(tokens.access_token)).toBe(true);
    a.lifespan.clock.advance(1);
    const saved = await a.lifespan.admin('PUT', `/admin/v1/users/${userId}/policy`, {
      accessTokenTtl: '15m',
      invalidateOnChange: true,
    });
    expect(saved.statusCode).toBe(200);
    expect(await a.active(tokens.access_token)).toBe(false);
  });

  it('an unknown user is 404 on every policy route', async () => {
    const missing = await a.lifespan.admin(
      'GET',
      '/admin/v1/users/00000000-0000-4000-8000-000000000000/policy',
    );
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe('user 00000000-0000-4000-8000-000000000000 does not exist');
  });
});
