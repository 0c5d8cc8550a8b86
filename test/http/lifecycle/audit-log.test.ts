import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { REDIRECT_URI, VERIFIER } from '../../support/browser-login.ts';
import { ADMIN_KEY, basic, type TestLifespan } from '../../support/lifespan.ts';
import type { TokenBody } from '../accounts/accounts-support.ts';
import { keyLifespan } from '../keys/support.ts';
import {
  API_ADDRESS,
  type AuditEventView,
  allEvents,
  auditPage,
  authorizeLogin,
  Browser,
  DEVICES,
  deviceLogin,
  firstPartyApi,
  holdEverything,
  iso,
  type LockoutEnv,
  lockDevice,
  lockoutEnv,
  loginPage,
  MINUTE,
  PASSWORD,
  refreshHeld,
  SEED_004,
  WRONG_PASSWORD,
} from './lockout-support.ts';

const ADMIN = 'admin-key:bootstrap';
/** The address of inject's requests when none is given (the admin calls). */
const LOCAL = '127.0.0.1';
const anId = expect.stringMatching(/\S/);

const jwtClaims = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

describe('the audit log', () => {
  let env: LockoutEnv;
  afterEach(() => env.lifespan.close());

  const now = () => env.lifespan.clock.now();
  const tick = () => env.lifespan.clock.advance(1);
  /** The events stored at one instant of the manual clock with the action given. */
  const eventsAt = (instant: number, action: string) =>
    allEvents(env.lifespan, { action, from: iso(instant), to: iso(instant + 1) });
  const apiLogin = (password: string, deviceId: string, address: string, username = 'alice') =>
    env.lifespan.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: address,
      payload: { client_id: 'app', username, password, device_id: deviceId },
    });

  it('records a password login: success, wrong credentials, an unknown username and a locked device, one event each', async () => {
    env = await lockoutEnv();
    tick();
    const okAt = now();
    expect((await apiLogin(PASSWORD, 'phone-1', '203.0.113.7')).statusCode).toBe(200);
    tick();
    const wrongAt = now();
    expect((await apiLogin(WRONG_PASSWORD, 'phone-2', '203.0.113.8')).statusCode).toBe(400);
    tick();
    const unknownAt = now();
    expect((await apiLogin(WRONG_PASSWORD, 'phone-3', '203.0.113.9', 'mallory')).statusCode).toBe(400);
    tick();
    expect((await apiLogin(WRONG_PASSWORD, 'phone-2', '203.0.113.8')).statusCode).toBe(400);
    tick();
    const lockAt = now();
    expect((await apiLogin(WRONG_PASSWORD, 'phone-2', '203.0.113.8')).statusCode).toBe(400);
    tick();
    const lockedAt = now();
    const refused = await apiLogin(PASSWORD, 'phone-2', '203.0.113.8');
    expect(refused.json().error_description).toBe('too many failed logins: try again later');

    const common = { id: anId, actor: 'anonymous', tenantId: 'acme', action: 'login', requestId: anId };
    expect(await eventsAt(okAt, 'login')).toEqual([
      {
        ...common,
        at: iso(okAt),
        subject: env.userId,
        outcome: 'success',
        clientAddress: '203.0.113.7',
        details: { method: 'password', device: 'phone-1' },
      },
    ]);
    expect(await eventsAt(wrongAt, 'login')).toEqual([
      {
        ...common,
        at: iso(wrongAt),
        subject: env.userId,
        outcome: 'failure',
        clientAddress: '203.0.113.8',
        details: { method: 'password', reason: 'wrong-credentials', device: 'phone-2' },
      },
    ]);
    expect(await eventsAt(unknownAt, 'login')).toEqual([
      {
        ...common,
        at: iso(unknownAt),
        subject: 'mallory',
        outcome: 'failure',
        clientAddress: '203.0.113.9',
        details: { method: 'password', reason: 'wrong-credentials', device: 'phone-3' },
      },
    ]);
    // the 3rd failure: a login failure and device.locked, from the same request
    const [lockingFailure, ...moreFailures] = await eventsAt(lockAt, 'login');
    expect(moreFailures).toEqual([]);
    expect(lockingFailure).toMatchObject({ outcome: 'failure', details: { reason: 'wrong-credentials' } });
    expect(await eventsAt(lockAt, 'device.locked')).toEqual([
      {
        id: anId,
        at: iso(lockAt),
        actor: 'anonymous',
        tenantId: 'acme',
        subject: env.userId,
        action: 'device.locked',
        outcome: 'success',
        requestId: lockingFailure?.requestId,
        clientAddress: '203.0.113.8',
        details: { device: 'phone-2', username: 'alice' },
      },
    ]);
    expect(await eventsAt(lockedAt, 'login')).toEqual([
      {
        ...common,
        at: iso(lockedAt),
        subject: env.userId,
        outcome: 'failure',
        clientAddress: '203.0.113.8',
        details: { method: 'password', reason: 'locked', device: 'phone-2' },
      },
    ]);
    // every request has its own id
    const logins = await allEvents(env.lifespan, { action: 'login' });
    expect(logins).toHaveLength(6);
    expect(new Set(logins.map((event) => event.requestId)).size).toBe(6);
  });

  it('records logins on the login page and the device login page with the client address as the device', async () => {
    env = await lockoutEnv();
    const expected = (at: number, address: string, outcome: string, details: Record<string, unknown>) => [
      {
        id: anId,
        at: iso(at),
        actor: 'anonymous',
        tenantId: 'acme',
        subject: env.userId,
        action: 'login',
        outcome,
        requestId: anId,
        clientAddress: address,
        details: { method: 'password', device: address, ...details },
      },
    ];
    for (const [path, device] of [
      [loginPage, 'A'],
      [deviceLogin, 'B'],
    ] as const) {
      tick();
      const okAt = now();
      expect((await path.login(env, 'alice', PASSWORD, device)).outcome).toBe('ok');
      expect(await eventsAt(okAt, 'login')).toEqual(expected(okAt, DEVICES[device], 'success', {}));
      tick();
      const wrongAt = now();
      expect((await path.login(env, 'alice', WRONG_PASSWORD, device)).outcome).toBe('wrong');
      expect(await eventsAt(wrongAt, 'login')).toEqual(
        expected(wrongAt, DEVICES[device], 'failure', { reason: 'wrong-credentials' }),
      );
    }
  });

  it('records user.locked with the request that locked the user, and user.unlocked by the administrator', async () => {
    env = await lockoutEnv();
    await lockDevice(firstPartyApi, env, 'A');
    env.lifespan.clock.advance(15 * MINUTE);
    const userLockAt = now();
    await lockDevice(firstPartyApi, env, 'A');
    const [userLocked, ...others] = await allEvents(env.lifespan, { action: 'user.locked' });
    expect(others).toEqual([]);
    expect(userLocked).toEqual({
      id: anId,
      at: iso(userLockAt),
      actor: 'anonymous',
      tenantId: 'acme',
      subject: env.userId,
      action: 'user.locked',
      outcome: 'success',
      requestId: anId,
      clientAddress: API_ADDRESS,
      details: expect.any(Object),
    });
    const sameRequest = (await allEvents(env.lifespan, { from: iso(userLockAt) })).filter(
      (event) => event.requestId === userLocked?.requestId,
    );
    expect(sameRequest.map((event) => event.action).sort()).toEqual([
      'device.locked',
      'login',
      'user.locked',
    ]);

    env.lifespan.clock.advance(MINUTE);
    const unlockAt = now();
    const patched = await env.lifespan.admin('PATCH', `/admin/v1/users/${env.userId}`, {
      lockedForSecurityReasons: false,
    });
    expect(patched.statusCode).toBe(200);
    const [unlocked, ...moreUnlocks] = await allEvents(env.lifespan, { action: 'user.unlocked' });
    expect(moreUnlocks).toEqual([]);
    expect(unlocked).toEqual({
      id: anId,
      at: iso(unlockAt),
      actor: ADMIN,
      tenantId: 'acme',
      subject: env.userId,
      action: 'user.unlocked',
      outcome: 'success',
      requestId: anId,
      clientAddress: LOCAL,
      details: expect.any(Object),
    });
    // the management write itself is also recorded, by the same request
    expect(await eventsAt(unlockAt, 'admin.PATCH /admin/v1/users/:id')).toEqual([
      expect.objectContaining({
        actor: ADMIN,
        subject: env.userId,
        outcome: 'success',
        requestId: unlocked?.requestId,
        details: { status: 200 },
      }),
    ]);
  });

  it('records token.revoked for POST /oauth2/revoke, by the client', async () => {
    env = await lockoutEnv();
    const tokens = await webTokens();
    tick();
    const revokeAt = now();
    const revoked = await env.lifespan.app.inject({
      method: 'POST',
      url: '/oauth2/revoke',
      remoteAddress: '192.0.2.50',
      headers: {
        ...basic(env.web.clientId, env.web.secret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ token: tokens.access_token }).toString(),
    });
    expect(revoked.statusCode).toBe(200);
    expect(await env.a.active(tokens.access_token)).toBe(false);
    expect(await allEvents(env.lifespan, { action: 'token.revoked' })).toEqual([
      {
        id: anId,
        at: iso(revokeAt),
        actor: 'client:web',
        tenantId: 'acme',
        subject: env.userId,
        action: 'token.revoked',
        outcome: 'success',
        requestId: anId,
        clientAddress: '192.0.2.50',
        details: { tokenType: 'access_token', jti: jwtClaims(tokens.access_token).jti },
      },
    ]);
  });

  it('records token.revoked when a refresh token is revoked (RFC 7009 §2.1), and the refresh token ends', async () => {
    env = await lockoutEnv();
    const tokens = await webTokens();
    tick();
    const revokeAt = now();
    const revoked = await env.lifespan.form(
      '/oauth2/revoke',
      { token: tokens.refresh_token ?? '', token_type_hint: 'refresh_token' },
      basic(env.web.clientId, env.web.secret),
    );
    expect(revoked.statusCode).toBe(200);
    const refreshed = await env.lifespan.form(
      '/oauth2/token',
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' },
      basic(env.web.clientId, env.web.secret),
    );
    expect(refreshed.statusCode, 'a revoked refresh token refreshes').toBe(400);
    expect(await allEvents(env.lifespan, { action: 'token.revoked' })).toEqual([
      expect.objectContaining({
        at: iso(revokeAt),
        actor: 'client:web',
        tenantId: 'acme',
        subject: env.userId,
        outcome: 'success',
      }),
    ]);
  });

  it('records logout, from the first-party API and from the end-session endpoint', async () => {
    env = await lockoutEnv();
    const tokens = await env.a.login('alice', PASSWORD, { device_id: 'phone-1' });
    tick();
    const apiAt = now();
    const loggedOut = await env.lifespan.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      remoteAddress: '192.0.2.60',
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(loggedOut.statusCode).toBe(204);
    const browser = new Browser(env.lifespan, '192.0.2.61');
    expect((await authorizeLogin(browser, 'alice', PASSWORD)).outcome).toBe('ok');
    tick();
    const pageAt = now();
    const ended = await browser.get('/oauth2/end_session');
    expect(ended.statusCode).toBe(200);

    const logout = { id: anId, tenantId: 'acme', subject: env.userId, action: 'logout', outcome: 'success' };
    expect(await allEvents(env.lifespan, { action: 'logout' })).toEqual([
      {
        ...logout,
        at: iso(pageAt),
        actor: 'anonymous',
        requestId: anId,
        clientAddress: '192.0.2.61',
        details: expect.any(Object),
      },
      {
        ...logout,
        at: iso(apiAt),
        actor: 'anonymous',
        requestId: anId,
        clientAddress: '192.0.2.60',
        details: expect.any(Object),
      },
    ]);
  });

  it('records every management write, accepted or refused, and no read', async () => {
    env = await lockoutEnv();
    tick();
    const putAt = now();
    const put = await env.lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', {
      ...SEED_004,
      userLockDuration: '1d',
    });
    expect(put.statusCode).toBe(200);
    expect(await eventsAt(putAt, 'admin.PUT /admin/v1/tenants/:id/policy')).toEqual([
      expect.objectContaining({
        id: anId,
        at: iso(putAt),
        actor: ADMIN,
        subject: 'acme',
        action: 'admin.PUT /admin/v1/tenants/:id/policy',
        outcome: 'success',
        requestId: anId,
        clientAddress: LOCAL,
        details: { status: 200 },
      }),
    ]);

    tick();
    const refusedAt = now();
    const refused = await env.lifespan.admin('PATCH', `/admin/v1/users/${env.userId}`, {
      lockedForSecurityReasons: true,
    });
    expect(refused.statusCode).toBe(400);
    expect(await eventsAt(refusedAt, 'admin.PATCH /admin/v1/users/:id')).toEqual([
      expect.objectContaining({
        at: iso(refusedAt),
        actor: ADMIN,
        subject: env.userId,
        outcome: 'failure',
        requestId: anId,
        clientAddress: LOCAL,
        details: { status: 400 },
      }),
    ]);
    // a refused write leaves no other event (no user.unlocked, no user.locked)
    expect((await allEvents(env.lifespan, { from: iso(refusedAt) })).map((e) => e.action)).toEqual([
      'admin.PATCH /admin/v1/users/:id',
    ]);

    tick();
    const anonymousAt = now();
    const unauthenticated = await env.lifespan.app.inject({
      method: 'POST',
      url: '/admin/v1/tenants',
      remoteAddress: '192.0.2.70',
      payload: { id: 'evil', name: 'Evil' },
    });
    expect(unauthenticated.statusCode).toBe(401);
    expect(await eventsAt(anonymousAt, 'admin.POST /admin/v1/tenants')).toEqual([
      expect.objectContaining({
        at: iso(anonymousAt),
        actor: 'anonymous',
        action: 'admin.POST /admin/v1/tenants',
        outcome: 'failure',
        requestId: anId,
        clientAddress: '192.0.2.70',
        details: { status: 401 },
      }),
    ]);

    tick();
    const previewAt = now();
    const preview = await env.lifespan.admin('PUT', '/admin/v1/tenants/acme/policy?dryRun=true', {
      accessTokenTtl: '5m',
    });
    expect(preview.statusCode).toBe(200);
    // a preview changes nothing, and says so
    expect(await eventsAt(previewAt, 'admin.PUT /admin/v1/tenants/:id/policy')).toEqual([
      expect.objectContaining({
        at: iso(previewAt),
        tenantId: 'acme',
        subject: 'acme',
        outcome: 'success',
        details: { status: 200, dryRun: true },
      }),
    ]);

    tick();
    const createdAt = now();
    const created = await env.lifespan.admin('POST', '/admin/v1/clients', {
      id: 'audited',
      tenantId: 'acme',
      name: 'Audited',
    });
    expect(created.statusCode).toBe(201);
    // a creation names what it created and the tenant it belongs to
    expect(await eventsAt(createdAt, 'admin.POST /admin/v1/clients')).toEqual([
      expect.objectContaining({
        at: iso(createdAt),
        tenantId: 'acme',
        subject: 'audited',
        outcome: 'success',
        details: { status: 201 },
      }),
    ]);

    tick();
    const readAt = now();
    expect((await env.lifespan.admin('GET', `/admin/v1/users/${env.userId}`)).statusCode).toBe(200);
    expect((await env.lifespan.admin('GET', '/admin/v1/tenants/acme/policy')).statusCode).toBe(200);
    expect(await allEvents(env.lifespan, { from: iso(readAt) })).toEqual([]);
  });

  it('filters by action, actor, tenantId, subject, outcome and time; pages newest first with limit and next', async () => {
    env = await lockoutEnv();
    await env.lifespan.admin('POST', '/admin/v1/tenants', { id: 'other', name: 'Other' });
    const bob = await env.a.createUser({ username: 'bob' });
    tick();
    const start = now();
    await apiLogin(PASSWORD, 'phone-1', '203.0.113.1');
    tick();
    await apiLogin(WRONG_PASSWORD, 'phone-1', '203.0.113.1');
    tick();
    const middle = now();
    await apiLogin(PASSWORD, 'phone-2', '203.0.113.2', 'bob');
    tick();
    await apiLogin(WRONG_PASSWORD, 'phone-2', '203.0.113.2', 'bob');
    tick();
    await env.lifespan.admin('PUT', '/admin/v1/tenants/other/policy', { accessTokenTtl: '30m' });
    tick();
    const end = now();
    await apiLogin(WRONG_PASSWORD, 'phone-1', '203.0.113.1');

    const all = await allEvents(env.lifespan);
    const ats = all.map((event) => Date.parse(event.at));
    expect(ats).toEqual([...ats].sort((x, y) => y - x));
    expect(new Set(all.map((event) => event.id)).size).toBe(all.length);

    const failures = await allEvents(env.lifespan, { action: 'login', outcome: 'failure' });
    expect(failures.map((e) => [e.subject, e.at])).toEqual([
      [env.userId, iso(end)],
      [bob.id, iso(middle + 1000)],
      [env.userId, iso(start + 1000)],
    ]);
    const expectOnly = async (query: Record<string, string>, keep: (event: AuditEventView) => boolean) => {
      const filtered = await allEvents(env.lifespan, query);
      expect(filtered.length, JSON.stringify(query)).toBeGreaterThan(0);
      expect(filtered, JSON.stringify(query)).toEqual(all.filter(keep));
    };
    await expectOnly({ actor: ADMIN }, (e) => e.actor === ADMIN);
    await expectOnly({ actor: 'anonymous' }, (e) => e.actor === 'anonymous');
    await expectOnly({ tenantId: 'acme' }, (e) => e.tenantId === 'acme');
    await expectOnly({ subject: bob.id }, (e) => e.subject === bob.id);
    await expectOnly({ subject: 'other' }, (e) => e.subject === 'other');
    await expectOnly({ outcome: 'failure' }, (e) => e.outcome === 'failure');
    await expectOnly({ outcome: 'success' }, (e) => e.outcome === 'success');
    await expectOnly({ from: iso(middle), to: iso(end) }, (e) => {
      const at = Date.parse(e.at);
      return at >= middle && at < end;
    });
    await expectOnly({ action: 'login', tenantId: 'acme', subject: env.userId }, (e) => {
      return e.action === 'login' && e.subject === env.userId;
    });
    expect(await allEvents(env.lifespan, { tenantId: 'nobody' })).toEqual([]);

    // paging: one event a page (events of one request share their instant) gives back the whole log
    const paged: AuditEventView[] = [];
    let page = await auditPage(env.lifespan, { limit: '1' });
    let pages = 1;
    while (true) {
      expect(page.items.length).toBeLessThanOrEqual(1);
      paged.push(...page.items);
      if (page.next === null) break;
      page = await auditPage(env.lifespan, { limit: '1', before: page.next });
      pages += 1;
      expect(pages).toBeLessThan(all.length + 3);
    }
    expect(paged).toEqual(all);
    // a filtered query pages within its filter
    const first = await auditPage(env.lifespan, { action: 'login', limit: '2' });
    expect(first.items).toHaveLength(2);
    expect(first.next).toEqual(expect.any(String));
    const second = await auditPage(env.lifespan, { action: 'login', limit: '2', before: first.next ?? '' });
    const logins = await allEvents(env.lifespan, { action: 'login' });
    expect([...first.items, ...second.items]).toEqual(logins.slice(0, 4));
    // bad parameters are refused
    for (const query of ['before=nonsense', 'from=yesterday', 'outcome=maybe', 'limit=0']) {
      const response = await env.lifespan.admin('GET', `/admin/v1/audit?${query}`);
      expect(response.statusCode, query).toBe(400);
    }
    const unauthenticated = await env.lifespan.app.inject({ method: 'GET', url: '/admin/v1/audit' });
    expect(unauthenticated.statusCode).toBe(401);
  });

  it('never records a password, a token, a code or a secret', async () => {
    env = await lockoutEnv();
    const secrets: string[] = [PASSWORD, WRONG_PASSWORD, ADMIN_KEY, env.web.secret, env.tv.secret];
    secrets.push(env.a.introspector.secret);
    const responses: LightMyRequestResponse[] = [];

    // sign-up, logins, tokens and sessions through every path
    const signupPassword = 'sign-up password 93kd';
    secrets.push(signupPassword);
    const signup = await env.a.post('signup', {
      client_id: 'app',
      username: 'carol',
      password: signupPassword,
    });
    expect(signup.statusCode).toBe(201);
    responses.push(signup);
    const held = await holdEverything(env);
    for (const browser of held.sessions) secrets.push(...Object.values(browser.cookies).filter(Boolean));
    for (const which of ['api', 'web', 'tv'] as const) {
      const refreshed = await refreshHeld(env, held, which);
      expect(refreshed.statusCode).toBe(200);
      responses.push(refreshed);
      held[which] = refreshed.json() as TokenBody;
    }
    // an authorization code, used
    const codeBrowser = new Browser(env.lifespan, DEVICES.B);
    const codeLogin = await authorizeLogin(codeBrowser, 'alice', PASSWORD);
    const code = new URL(String(codeLogin.response.headers.location)).searchParams.get('code') ?? '';
    secrets.push(code, ...Object.values(codeBrowser.cookies).filter(Boolean));
    const exchanged = await env.lifespan.form(
      '/oauth2/token',
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: VERIFIER },
      basic(env.web.clientId, env.web.secret),
    );
    responses.push(exchanged);
    secrets.push(VERIFIER);
    // a device code
    const started = await env.lifespan.form(
      '/oauth2/device_authorization',
      { scope: 'openid' },
      basic(env.tv.clientId, env.tv.secret),
    );
    secrets.push(started.json().device_code);
    const polled = await env.lifespan.form(
      '/oauth2/token',
      { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: started.json().device_code },
      basic(env.tv.clientId, env.tv.secret),
    );
    expect(polled.statusCode).toBe(400);

    // wrong passwords that lock a device and the user, and passwords of unknown users
    const wrongs = [
      'wrong one 1x',
      'wrong two 2y',
      'wrong three 3z',
      'wrong four 4w',
      'wrong five 5v',
      'wrong six 6u',
    ];
    secrets.push(...wrongs);
    for (const wrong of wrongs) await apiLogin(wrong, 'phone-9', API_ADDRESS);
    await apiLogin('mallory password 8q', 'phone-9', API_ADDRESS, 'mallory');
    secrets.push('mallory password 8q');
    env.lifespan.clock.advance(15 * MINUTE);
    for (const wrong of wrongs.slice(0, 3)) await apiLogin(wrong, 'phone-9', API_ADDRESS);

    // revocation, logout, a password set by the administrator, a key rotation, a new client and its secret
    const revoked = await env.lifespan.form(
      '/oauth2/revoke',
      { token: held.web.access_token },
      basic(env.web.clientId, env.web.secret),
    );
    expect(revoked.statusCode).toBe(200);
    await env.lifespan.form(
      '/oauth2/revoke',
      { token: held.web.refresh_token ?? '' },
      basic('web', env.web.secret),
    );
    await env.lifespan.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${signup.json().access_token}` },
    });
    const newPassword = 'administrator set this 5t';
    secrets.push(newPassword);
    await env.lifespan.admin('POST', `/admin/v1/users/${env.userId}/password`, { password: newPassword });
    await env.lifespan.admin('PATCH', `/admin/v1/users/${env.userId}`, { lockedForSecurityReasons: false });
    // a first ES256 key (testLifespan reuses one pre-generated key per algorithm: RS256 already has it)
    const rotated = await env.lifespan.admin('POST', '/admin/v1/keys/rotate', {
      mode: 'graceful',
      algorithm: 'ES256',
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const client = await env.lifespan.admin('POST', '/admin/v1/clients', {
      id: 'extra',
      tenantId: 'acme',
      name: 'Extra',
      grantTypes: ['client_credentials'],
      scopes: ['read'],
    });
    responses.push(client);
    secrets.push(client.json().clientSecret);
    // a wrong admin key
    const badKeyWrite = await env.lifespan.app.inject({
      method: 'POST',
      url: '/admin/v1/tenants',
      headers: { authorization: 'Bearer not-the-admin-key-4f9s' },
      payload: { id: 'x', name: 'X' },
    });
    expect(badKeyWrite.statusCode).toBe(401);
    secrets.push('not-the-admin-key-4f9s');

    for (const token of [held.api, held.web, held.tv]) {
      secrets.push(token.access_token, token.refresh_token ?? '');
      const idToken = (token as TokenBody & { id_token?: string }).id_token;
      if (idToken) secrets.push(idToken);
    }
    for (const response of responses) {
      const body = response.json() as Record<string, unknown>;
      for (const key of ['access_token', 'refresh_token', 'id_token', 'clientSecret']) {
        if (typeof body[key] === 'string') secrets.push(body[key]);
      }
    }
    // a JWT's signature alone is as telling as the token
    for (const secret of [...secrets]) {
      const signature = secret.split('.')[2];
      if (secret.split('.').length === 3 && signature) secrets.push(signature);
    }

    const events = await allEvents(env.lifespan);
    const actions = new Set(events.map((event) => event.action));
    for (const action of [
      'login',
      'device.locked',
      'user.locked',
      'user.unlocked',
      'token.revoked',
      'logout',
      'key.rotated',
    ]) {
      expect(actions, action).toContain(action);
    }
    for (const event of events) {
      const json = JSON.stringify(event);
      for (const secret of secrets.filter((s) => s.length >= 8)) {
        expect(json.includes(secret), `${event.action} contains ${secret.slice(0, 12)}…: ${json}`).toBe(
          false,
        );
      }
      expect(json).not.toMatch(/\$argon2/);
      expect(json.toLowerCase()).not.toMatch(/password"\s*:|secret"\s*:|token"\s*:/);
    }
  });

  /** Tokens of the web client, through the login page. */
  async function webTokens(): Promise<TokenBody> {
    const browser = new Browser(env.lifespan, DEVICES.C);
    const login = await authorizeLogin(browser, 'alice', PASSWORD);
    expect(login.outcome).toBe('ok');
    const code = new URL(String(login.response.headers.location)).searchParams.get('code') ?? '';
    const exchanged = await env.lifespan.form(
      '/oauth2/token',
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: VERIFIER },
      basic(env.web.clientId, env.web.secret),
    );
    expect(exchanged.statusCode, exchanged.body).toBe(200);
    return exchanged.json() as TokenBody;
  }
});

describe('the audit log of key rotation', () => {
  let lifespan: TestLifespan;
  afterEach(() => lifespan.close());

  it('records key.rotated for POST /admin/v1/keys/rotate', async () => {
    // testLifespan hands every rotation the same pre-generated key: this one generates real keys
    lifespan = await keyLifespan({ JWT_ALGORITHM: 'ES256' });
    const keysBefore = (await lifespan.admin('GET', '/admin/v1/keys')).json() as {
      items: Array<{ kid: string; algorithm: string; status: string }>;
    };
    const previous = keysBefore.items.find((key) => key.status === 'active');
    expect(previous).toBeDefined();
    lifespan.clock.advance(1);
    const rotateAt = lifespan.clock.now();
    const rotated = await lifespan.admin('POST', '/admin/v1/keys/rotate', { mode: 'graceful' });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const keysAfter = rotated.json() as { items: Array<{ kid: string; algorithm: string }> };
    const next = keysAfter.items.find((key) => !keysBefore.items.some((k) => k.kid === key.kid));
    expect(next).toBeDefined();
    const [event, ...others] = await allEvents(lifespan, { action: 'key.rotated' });
    expect(others).toEqual([]);
    expect(event).toEqual({
      id: anId,
      at: iso(rotateAt),
      actor: ADMIN,
      tenantId: null,
      subject: next?.kid,
      action: 'key.rotated',
      outcome: 'success',
      requestId: anId,
      clientAddress: LOCAL,
      details: { algorithm: previous?.algorithm, mode: 'graceful', previous: previous?.kid },
    });
    expect(
      await allEvents(lifespan, {
        action: 'admin.POST /admin/v1/keys/rotate',
        from: iso(rotateAt),
      }),
    ).toEqual([
      expect.objectContaining({ requestId: event?.requestId, outcome: 'success', details: { status: 200 } }),
    ]);
  });
});
