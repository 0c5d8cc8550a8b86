import { afterEach, describe, expect, it } from 'vitest';
import {
  codeRequest,
  REDIRECT_URI,
  UserAgent,
  VERIFIER,
  webClientAndUser,
} from '../support/browser-login.ts';
import { basic, type TestLifespan, testLifespan } from '../support/lifespan.ts';

describe('policy versions: preview and rollback', () => {
  let lifespan: TestLifespan;
  afterEach(() => lifespan.close());

  /** n logged-in users of the web client, each with a refresh family and a session. */
  async function withLiveLogins(count: number) {
    const setup = await webClientAndUser(lifespan);
    for (let index = 0; index < count; index++) {
      const username = index === 0 ? 'alice' : `user-${index}`;
      if (index > 0)
        await lifespan.admin('POST', '/admin/v1/users', {
          tenantId: 'acme',
          username,
          password: setup.password,
        });
      const redirect = await new UserAgent(lifespan).authorize(codeRequest('web'), {
        username,
        password: setup.password,
      });
      const exchange = await lifespan.form(
        '/oauth2/token',
        {
          grant_type: 'authorization_code',
          code: redirect.searchParams.get('code') ?? '',
          redirect_uri: REDIRECT_URI,
          code_verifier: VERIFIER,
        },
        basic('web', setup.secret),
      );
      expect(exchange.statusCode).toBe(200);
    }
    return setup;
  }

  it('previews a change with ?dryRun=true: effective values before and after, live families and sessions, nothing stored', async () => {
    lifespan = await testLifespan();
    await withLiveLogins(3);
    const before = (await lifespan.admin('GET', '/admin/v1/tenants/acme/policy')).json();
    const response = await lifespan.admin('POST', '/admin/v1/tenants/acme/policy?dryRun=true', {
      accessTokenTtl: '30m',
      invalidateOnChange: true,
    });
    expect(response.statusCode).toBe(200);
    const preview = response.json();
    expect(preview).toMatchObject({
      dryRun: true,
      policy: { accessTokenTtl: 1800, invalidateOnChange: true },
      warnings: [],
      invalidatesTokens: true,
      liveRefreshFamilies: 3,
      liveSessions: 3,
    });
    expect(preview.changes).toEqual(
      ['user', 'admin', 'anonymous', 'service'].map((subjectClass) => ({
        subjectClass,
        setting: 'accessTokenTtl',
        before: { value: 3600, source: { level: 'default' } },
        after: { value: 1800, source: { level: 'tenant', id: 'acme' } },
      })),
    );
    expect((await lifespan.admin('GET', '/admin/v1/tenants/acme/policy')).json()).toEqual(before);
    expect((await lifespan.admin('GET', '/admin/v1/tenants/acme/policy/history')).json().items).toHaveLength(
      0,
    );
  });

  it('previews that without invalidateOnChange the live families keep their own expiry', async () => {
    lifespan = await testLifespan();
    await withLiveLogins(2);
    const preview = (
      await lifespan.admin('PUT', '/admin/v1/service/policy?dryRun=true', { refreshTokenTtl: '7d' })
    ).json();
    expect(preview).toMatchObject({ invalidatesTokens: false, liveRefreshFamilies: 2, liveSessions: 2 });
    expect(
      preview.changes.map((c: { subjectClass: string; setting: string }) => `${c.subjectClass}.${c.setting}`),
    ).toEqual([
      'user.refreshTokenTtl',
      'admin.refreshTokenTtl',
      'anonymous.refreshTokenTtl',
      'service.refreshTokenTtl',
    ]);
  });

  it('counts the families of a client only, and none for an idle client', async () => {
    lifespan = await testLifespan();
    await withLiveLogins(2);
    await lifespan.admin('POST', '/admin/v1/clients', { id: 'idle', tenantId: 'acme', name: 'Idle' });
    const web = (
      await lifespan.admin('PUT', '/admin/v1/clients/web/policy?dryRun=true', { accessTokenTtl: 600 })
    ).json();
    const idle = (
      await lifespan.admin('PUT', '/admin/v1/clients/idle/policy?dryRun=true', { accessTokenTtl: 600 })
    ).json();
    expect([web.liveRefreshFamilies, web.liveSessions]).toEqual([2, 2]);
    expect([idle.liveRefreshFamilies, idle.liveSessions]).toEqual([0, 0]);
  });

  it('refuses an invalid preview the way it would refuse the change', async () => {
    lifespan = await testLifespan();
    await webClientAndUser(lifespan);
    const response = await lifespan.admin('POST', '/admin/v1/tenants/acme/policy?dryRun=true', {
      accessTokenTtl: 'soon',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('policy.accessTokenTtl');
  });

  it('rolls a level back to a version of its history, as a new version', async () => {
    lifespan = await testLifespan();
    await webClientAndUser(lifespan);
    await lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', { accessTokenTtl: '30m' });
    await lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', {
      accessTokenTtl: '10m',
      refreshTokenTtl: '1d',
    });
    const history = (await lifespan.admin('GET', '/admin/v1/tenants/acme/policy/history')).json().items;
    const first = history.at(-1).version as number;
    const rolled = await lifespan.admin('POST', '/admin/v1/tenants/acme/policy/rollback', { version: first });
    expect(rolled.statusCode).toBe(200);
    expect(rolled.json()).toEqual({ policy: { accessTokenTtl: 1800 }, version: first + 2, warnings: [] });
    const latest = (await lifespan.admin('GET', '/admin/v1/tenants/acme/policy/history')).json().items[0];
    expect(latest).toMatchObject({
      version: first + 2,
      before: { accessTokenTtl: 600, refreshTokenTtl: 86_400 },
      after: { accessTokenTtl: 1800 },
    });
    const unknown = await lifespan.admin('POST', '/admin/v1/tenants/acme/policy/rollback', { version: 999 });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe('version 999 is not in the history of this tenant');
  });
});
