import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeRequest, REDIRECT_URI, UserAgent, VERIFIER } from '../../support/browser-login.ts';
import {
  ADMIN_PASSWORD,
  asAdministrator,
  bootstrapConsole,
  createAdministrator,
  signInToConsole,
} from '../../support/console-admin.ts';
import { basic, type TestLifespan, testLifespan } from '../../support/lifespan.ts';

describe('signing in to the console', () => {
  let lifespan: TestLifespan;
  beforeEach(async () => {
    lifespan = await testLifespan();
    await bootstrapConsole(lifespan);
  });
  afterEach(() => lifespan.close());

  it('an administrator signs in with the code flow and PKCE; /me says who and when the session ends', async () => {
    const id = await createAdministrator(lifespan, 'root');
    const { accessToken } = await signInToConsole(lifespan, 'root');
    lifespan.clock.advance(60);
    const me = await asAdministrator(lifespan, accessToken, 'GET', '/admin/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      actor: 'admin:root',
      kind: 'administrator',
      administers: null,
      user: { id, username: 'root' },
      session: {
        authTime: '2026-01-01T00:00:00.000Z',
        lastActiveAt: '2026-01-01T00:01:00.000Z',
        idleEndsAt: '2026-01-01T00:31:00.000Z',
        maxEndsAt: '2026-01-01T10:00:00.000Z',
        idleTimeout: {
          value: 1800,
          source: { level: 'subjectClass', id: 'admin', owner: { level: 'tenant', id: '_lifespan' } },
        },
        maxLifetime: {
          value: 36000,
          source: { level: 'subjectClass', id: 'admin', owner: { level: 'tenant', id: '_lifespan' } },
        },
      },
    });
  });

  it('each call is activity; a refreshed token after 30 minutes without a call is refused', async () => {
    await createAdministrator(lifespan, 'root');
    const signedIn = await signInToConsole(lifespan, 'root');
    const refresh = async (refreshToken: string) => {
      const answer = await lifespan.form('/oauth2/token', {
        grant_type: 'refresh_token',
        client_id: '_lifespan-console',
        refresh_token: refreshToken,
      });
      return {
        accessToken: answer.json().access_token as string,
        refreshToken: answer.json().refresh_token as string,
      };
    };
    lifespan.clock.advance(29 * 60);
    const second = await refresh(signedIn.refreshToken);
    expect((await asAdministrator(lifespan, second.accessToken, 'GET', '/admin/v1/tenants')).statusCode).toBe(
      200,
    );
    lifespan.clock.advance(30 * 60);
    // the console's access token lives 5 minutes: it refreshes, but the session has ended
    const third = await refresh(second.refreshToken);
    const refused = await asAdministrator(lifespan, third.accessToken, 'GET', '/admin/v1/tenants');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toBe('the console session has ended; sign in again');
  });

  it('the idle end follows the policy of the administrators: 2 minutes set on the service tenant', async () => {
    await lifespan.admin('PUT', '/admin/v1/tenants/_lifespan/policy', {
      subjectClasses: { admin: { sessionIdleTtl: '2m', sessionMaxTtl: '10h' } },
    });
    await createAdministrator(lifespan, 'root');
    const { accessToken } = await signInToConsole(lifespan, 'root');
    lifespan.clock.advance(119);
    expect((await asAdministrator(lifespan, accessToken, 'GET', '/admin/v1/me')).statusCode).toBe(200);
    lifespan.clock.advance(120);
    const ended = await asAdministrator(lifespan, accessToken, 'GET', '/admin/v1/me');
    expect(ended.statusCode).toBe(401);
    expect(ended.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(ended.headers['www-authenticate']).toBe('Bearer realm="lifespan-admin"');
    expect(ended.json()).toEqual({
      type: 'urn:lifespan:problem:unauthorized',
      title: 'Unauthorized',
      status: 401,
      detail: 'the console session has ended; sign in again',
    });
  });

  it('a user of class admin in another tenant cannot sign in to the console', async () => {
    await lifespan.admin('POST', '/admin/v1/tenants', { id: 'acme', name: 'Acme' });
    await lifespan.admin('POST', '/admin/v1/users', {
      tenantId: 'acme',
      username: 'mallory',
      password: 'correct horse battery staple',
      subjectClass: 'admin',
    });
    await expect(signInToConsole(lifespan, 'mallory')).rejects.toThrow(/no redirect: 401/);
  });

  it('a token of another client, even for the same administrator, is no management credential', async () => {
    await createAdministrator(lifespan, 'root');
    await lifespan.admin('POST', '/admin/v1/clients', {
      id: 'other',
      tenantId: '_lifespan',
      name: 'Other',
      grantTypes: ['authorization_code'],
      redirectUris: [REDIRECT_URI],
      scopes: ['openid'],
    });
    const agent = new UserAgent(lifespan);
    const redirect = await agent.authorize(codeRequest('other', { scope: 'openid' }), {
      username: 'root',
      password: ADMIN_PASSWORD,
    });
    const token = await lifespan.form(
      '/oauth2/token',
      {
        grant_type: 'authorization_code',
        code: redirect.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT_URI,
        code_verifier: VERIFIER,
      },
      basic('other', (await lifespan.admin('POST', '/admin/v1/clients/other/secret')).json().clientSecret),
    );
    const refused = await asAdministrator(lifespan, token.json().access_token, 'GET', '/admin/v1/me');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toBe('a valid admin key or console access token is required');
    const { accessToken } = await signInToConsole(lifespan, 'root');
    const tampered = await asAdministrator(lifespan, `${accessToken.slice(0, -2)}xx`, 'GET', '/admin/v1/me');
    expect(tampered.statusCode).toBe(401);
  });

  it('an admin key is the whole service, with no console session', async () => {
    const me = await lifespan.admin('GET', '/admin/v1/me');
    expect(me.json()).toEqual({
      actor: 'admin-key:bootstrap',
      kind: 'admin-key',
      administers: null,
      user: null,
      session: null,
    });
  });
});
