/**
 * A user's login sessions and refresh-token families in the management API: listed as a login or a refresh
 * would judge them, ended one by one (a session as a logout ends it, a family as RFC 7009 §2.1 revokes it),
 * audited, and refused to a tenant administrator of another subtree.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { REDIRECT_URI, VERIFIER } from '../../support/browser-login.ts';
import {
  asAdministrator,
  bootstrapConsole,
  createAdministrator,
  signInToConsole,
} from '../../support/console-admin.ts';
import { basic } from '../../support/lifespan.ts';
import { expectProblem, storedState } from '../bad-input/support.ts';
import {
  allEvents,
  authorizeLogin,
  Browser,
  DEVICES,
  iso,
  type LockoutEnv,
  lockoutEnv,
  PASSWORD,
  sessionAlive,
} from '../lifecycle/lockout-support.ts';
import { expectRefreshRefused, type TokenBody } from './accounts-support.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const POLICY = {
  sessionIdleTtl: '30m',
  sessionMaxTtl: '8h',
  refreshTokenTtl: '1d',
  refreshTokenAbsoluteTtl: '7d',
  refreshTokenExpiration: 'sliding',
};
const notFound = (detail: string) => ({
  type: 'urn:lifespan:problem:not-found',
  title: 'Not Found',
  status: 404,
  detail,
});

interface WebLogin {
  browser: Browser;
  tokens: TokenBody;
}

describe("a user's sessions and refresh families", () => {
  let env: LockoutEnv;
  afterEach(() => env.lifespan.close());

  /** A browser login at the web client, and the code exchanged for tokens. */
  async function webLogin(): Promise<WebLogin> {
    const browser = new Browser(env.lifespan, DEVICES.E);
    const login = await authorizeLogin(browser, 'alice', PASSWORD);
    expect(login.outcome).toBe('ok');
    const code = new URL(String(login.response.headers.location)).searchParams.get('code') ?? '';
    const exchanged = await env.lifespan.form(
      '/oauth2/token',
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: VERIFIER },
      basic(env.web.clientId, env.web.secret),
    );
    expect(exchanged.statusCode, exchanged.body).toBe(200);
    return { browser, tokens: exchanged.json() as TokenBody };
  }

  const refreshWeb = (refreshToken: string) =>
    env.lifespan.form(
      '/oauth2/token',
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      basic(env.web.clientId, env.web.secret),
    );

  const list = async (what: 'sessions' | 'refresh-families', query = '') => {
    const response = await env.lifespan.admin('GET', `/admin/v1/users/${env.userId}/${what}${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: Array<Record<string, unknown> & { id: string }>; next: string | null };
  };

  it('lists the live session and families with their ends; a rotation moves the current token', async () => {
    env = await lockoutEnv(POLICY);
    const t0 = env.lifespan.clock.now();
    const login = await webLogin();
    const app = await env.a.login('alice');

    const sessions = await list('sessions');
    const sessionId = sessions.items[0]?.id ?? '';
    expect(sessions).toEqual({
      items: [
        {
          id: sessionId,
          createdAt: iso(t0),
          lastActiveAt: iso(t0),
          idleEndsAt: iso(t0 + 30 * MINUTE_MS),
          maxEndsAt: iso(t0 + 8 * HOUR_MS),
        },
      ],
      next: null,
    });

    const families = await list('refresh-families');
    const web = families.items.find((family) => family.clientId === 'web');
    const api = families.items.find((family) => family.clientId === 'app');
    const family = (id: string, fields: Record<string, unknown>) => ({
      id,
      authTime: iso(t0),
      createdAt: iso(t0),
      absoluteEndsAt: iso(t0 + 7 * DAY_MS),
      currentTokenIssuedAt: iso(t0),
      currentTokenEndsAt: iso(t0 + DAY_MS),
      ...fields,
    });
    expect(families).toEqual({
      items: [
        family(web?.id ?? '', { clientId: 'web', scopes: ['openid', 'profile'], sessionId }),
        family(api?.id ?? '', { clientId: 'app', scopes: app.scope.split(' '), sessionId: null }),
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
      next: null,
    });

    env.lifespan.clock.advance(60);
    const rotated = await refreshWeb(login.tokens.refresh_token ?? '');
    expect(rotated.statusCode, rotated.body).toBe(200);
    const first = await list('refresh-families', '?limit=1');
    expect(first).toEqual({ items: [expect.any(Object)], next: first.items[0]?.id });
    const second = await list('refresh-families', `?limit=1&after=${first.next}`);
    expect(second.next).toBe(second.items[0]?.id);
    expect(await list('refresh-families', `?limit=1&after=${second.next}`)).toEqual({
      items: [],
      next: null,
    });
    expect([...first.items, ...second.items].find((f) => f.clientId === 'web')).toEqual(
      family(web?.id ?? '', {
        clientId: 'web',
        scopes: ['openid', 'profile'],
        sessionId,
        currentTokenIssuedAt: iso(t0 + MINUTE_MS),
        currentTokenEndsAt: iso(t0 + MINUTE_MS + DAY_MS),
      }),
    );
  });

  it('revoking a family makes its refresh token invalid_grant; the other family and the session stay', async () => {
    env = await lockoutEnv(POLICY);
    const { browser, tokens } = await webLogin();
    const app = await env.a.login('alice');
    const web = (await list('refresh-families')).items.find((f) => f.clientId === 'web');
    const url = `/admin/v1/users/${env.userId}/refresh-families/${web?.id}`;

    const revoked = await env.lifespan.admin('DELETE', url);
    expect(revoked.statusCode).toBe(204);
    expect(revoked.body).toBe('');
    expectRefreshRefused(await refreshWeb(tokens.refresh_token ?? ''));
    expect(await env.a.introspect(tokens.access_token)).toEqual({ active: false });
    expect((await list('refresh-families')).items.map((f) => f.clientId)).toEqual(['app']);
    expect((await env.a.refresh(app.refresh_token ?? '')).statusCode).toBe(200);
    expect(await sessionAlive(browser)).toBe(true);
    // revoking it again changes nothing (RFC 7009 §2.2)
    expect((await env.lifespan.admin('DELETE', url)).statusCode).toBe(204);

    const events = await allEvents(env.lifespan, { action: 'token.revoked' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      tenantId: 'acme',
      subject: env.userId,
      outcome: 'success',
      details: { tokenType: 'refresh_token', grantId: web?.id },
    });
    const actions = await allEvents(env.lifespan, {
      action: 'admin.DELETE /admin/v1/users/:id/refresh-families/:familyId',
    });
    expect(actions.map((e) => [e.subject, e.details.status])).toEqual([
      [env.userId, 204],
      [env.userId, 204],
    ]);
  });

  it('ending a session logs the browser out and revokes the families it created', async () => {
    env = await lockoutEnv(POLICY);
    const { browser, tokens } = await webLogin();
    const app = await env.a.login('alice');
    const sessionId = (await list('sessions')).items[0]?.id;

    const ended = await env.lifespan.admin('DELETE', `/admin/v1/users/${env.userId}/sessions/${sessionId}`);
    expect(ended.statusCode).toBe(204);
    expect(ended.body).toBe('');
    expect(await sessionAlive(browser)).toBe(false);
    expect(await list('sessions')).toEqual({ items: [], next: null });
    expectRefreshRefused(await refreshWeb(tokens.refresh_token ?? ''));
    expect((await list('refresh-families')).items.map((f) => f.clientId)).toEqual(['app']);
    expect((await env.a.refresh(app.refresh_token ?? '')).statusCode).toBe(200);
    const events = await allEvents(env.lifespan, { action: 'session.ended' });
    expect(events.map((e) => [e.subject, e.details])).toEqual([[env.userId, { sessionId }]]);
  });

  it('a session idle past sessionIdleTtl, or past sessionMaxTtl however active, is no longer listed', async () => {
    env = await lockoutEnv(POLICY);
    await webLogin();
    env.lifespan.clock.advance(30 * 60 - 1);
    expect((await list('sessions')).items).toHaveLength(1);
    env.lifespan.clock.advance(1);
    expect((await list('sessions')).items).toEqual([]);

    const start = env.lifespan.clock.now();
    const { browser } = await webLogin();
    // used every 29 minutes: never idle for 30
    for (let i = 0; i < 16; i++) {
      env.lifespan.clock.advance(29 * 60);
      expect(await sessionAlive(browser)).toBe(true);
    }
    const lastUse = env.lifespan.clock.now();
    expect((await list('sessions')).items).toEqual([
      {
        id: expect.any(String),
        createdAt: iso(start),
        lastActiveAt: iso(lastUse),
        idleEndsAt: iso(lastUse + 30 * MINUTE_MS),
        maxEndsAt: iso(start + 8 * HOUR_MS),
      },
    ]);
    env.lifespan.clock.set(start + 8 * HOUR_MS);
    expect((await list('sessions')).items).toEqual([]);
  });

  it('bad ids are 404 problem+json; a session or family of another user is not found either', async () => {
    env = await lockoutEnv(POLICY);
    await webLogin();
    const sessionId = (await list('sessions')).items[0]?.id;
    const familyId = (await list('refresh-families')).items[0]?.id;
    const bob = await env.a.createUser({ username: 'bob' });
    const user = `/admin/v1/users/${env.userId}`;
    expectProblem(
      await env.lifespan.admin('GET', '/admin/v1/users/no-such-user/sessions'),
      notFound('user no-such-user does not exist'),
    );
    expectProblem(
      await env.lifespan.admin('GET', '/admin/v1/users/no-such-user/refresh-families'),
      notFound('user no-such-user does not exist'),
    );
    expectProblem(
      await env.lifespan.admin('DELETE', `${user}/sessions/no-such-session`),
      notFound(`login session no-such-session of user ${env.userId} does not exist`),
    );
    expectProblem(
      await env.lifespan.admin('DELETE', `${user}/refresh-families/no-such-family`),
      notFound(`refresh family no-such-family of user ${env.userId} does not exist`),
    );
    expectProblem(
      await env.lifespan.admin('DELETE', `/admin/v1/users/${bob.id}/sessions/${sessionId}`),
      notFound(`login session ${sessionId} of user ${bob.id} does not exist`),
    );
    expectProblem(
      await env.lifespan.admin('DELETE', `/admin/v1/users/${bob.id}/refresh-families/${familyId}`),
      notFound(`refresh family ${familyId} of user ${bob.id} does not exist`),
    );
    expect((await list('sessions')).items).toHaveLength(1);
    expect((await list('refresh-families')).items).toHaveLength(1);
  });

  it("a tenant administrator manages their own tenant's users, and is refused another's: 403, nothing changes", async () => {
    env = await lockoutEnv(POLICY);
    await bootstrapConsole(env.lifespan);
    await env.lifespan.admin('POST', '/admin/v1/tenants', { id: 'globex', name: 'Globex' });
    await createAdministrator(env.lifespan, 'acme-admin', 'acme');
    await createAdministrator(env.lifespan, 'globex-admin', 'globex');
    const { tokens } = await webLogin();
    const sessionId = (await list('sessions')).items[0]?.id;
    const familyId = (await list('refresh-families')).items[0]?.id;
    const user = `/admin/v1/users/${env.userId}`;

    const globex = (await signInToConsole(env.lifespan, 'globex-admin')).accessToken;
    const forbidden = {
      type: 'urn:lifespan:problem:forbidden',
      title: 'Forbidden',
      status: 403,
      detail: 'this is not within the tenants you administer',
    };
    const before = await storedState(env.lifespan);
    for (const [method, url] of [
      ['GET', `${user}/lock`],
      ['GET', `${user}/sessions`],
      ['GET', `${user}/refresh-families`],
      ['DELETE', `${user}/sessions/${sessionId}`],
      ['DELETE', `${user}/refresh-families/${familyId}`],
      ['GET', '/admin/v1/users/no-such-user/sessions'],
    ] as const) {
      expectProblem(await asAdministrator(env.lifespan, globex, method, url), forbidden);
    }
    expect(await storedState(env.lifespan)).toEqual(before);
    const search = await asAdministrator(env.lifespan, globex, 'GET', '/admin/v1/users?username=ali');
    expect(search.json()).toEqual({ items: [], next: null });
    expect((await refreshWeb(tokens.refresh_token ?? '')).statusCode).toBe(200);

    const acme = (await signInToConsole(env.lifespan, 'acme-admin')).accessToken;
    const listed = await asAdministrator(env.lifespan, acme, 'GET', `${user}/refresh-families`);
    expect(listed.statusCode).toBe(200);
    const live = (listed.json() as { items: { id: string }[] }).items.map((f) => f.id);
    expect(live).toHaveLength(1);
    const revoked = await asAdministrator(
      env.lifespan,
      acme,
      'DELETE',
      `${user}/refresh-families/${live[0]}`,
    );
    expect(revoked.statusCode).toBe(204);
    const found = await asAdministrator(env.lifespan, acme, 'GET', '/admin/v1/users?username=ALI');
    expect((found.json() as { items: { id: string }[] }).items.map((u) => u.id)).toEqual([env.userId]);
  });
});
