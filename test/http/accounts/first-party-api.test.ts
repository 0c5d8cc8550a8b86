import { afterEach, describe, expect, it } from 'vitest';
import { basic } from '../../support/lifespan.ts';
import {
  type Accounts,
  APP,
  accounts,
  expectInvalidToken,
  expectRefreshRefused,
  PASSWORD,
  T0,
  WRONG_CREDENTIALS,
} from './accounts-support.ts';

const standardTokens = (expiresIn: number, refreshExpiresIn = 2_592_000) => ({
  access_token: expect.stringMatching(/^ey[\w-]+\.[\w-]+\.[\w-]+$/),
  token_type: 'Bearer',
  expires_in: expiresIn,
  scope: 'read write',
  refresh_token: expect.stringMatching(/^[0-9a-z]{23}[\w-]{43}$/),
  refresh_token_expires_in: refreshExpiresIn,
});

describe('first-party auth API: sign-up, login, anonymous', () => {
  let a: Accounts;
  afterEach(() => a.lifespan.close());

  it('signs up: 201 with the standard token response, and the user exists with the profile given', async () => {
    a = await accounts();
    const response = await a.post('signup', {
      client_id: APP,
      username: 'alice',
      password: PASSWORD,
      name: 'Alice',
      email: 'alice@example.com',
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
    expect(response.json()).toEqual(standardTokens(3600));

    const me = await a.me(response.json().access_token);
    expect(me.statusCode).toBe(200);
    const sub = me.json().sub as string;
    expect(me.json()).toEqual({
      sub: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: 'alice',
      subject_class: 'user',
      client_id: APP,
      scope: 'read write',
      issued_at: T0,
      expires_at: T0 + 3600,
      expires_in: 3600,
    });
    const user = await a.lifespan.admin('GET', `/admin/v1/users/${sub}`);
    expect(user.json()).toMatchObject({
      id: sub,
      tenantId: 'acme',
      username: 'alice',
      subjectClass: 'user',
      hasPassword: true,
      profile: { name: 'Alice', email: 'alice@example.com', email_verified: false },
    });
    // the password chosen at sign-up logs in
    expect(await a.login('alice')).toEqual(standardTokens(3600));
  });

  it('logs in: 200 with the standard token response; the access token introspects as the user', async () => {
    a = await accounts();
    const user = await a.createUser({ username: 'alice' });
    const response = await a.post('login', { client_id: APP, username: 'alice', password: PASSWORD });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual(standardTokens(3600));
    expect(await a.introspect(response.json().access_token)).toEqual({
      active: true,
      scope: 'read write',
      client_id: APP,
      token_type: 'Bearer',
      exp: T0 + 3600,
      iat: T0,
      sub: user.id,
      aud: APP,
      iss: 'http://localhost:8080',
      jti: expect.stringMatching(/^[\w-]{22}$/),
      tid: 'acme',
      policy_version: 1,
    });
    // a narrower scope may be asked for
    expect((await a.login('alice', PASSWORD, { scope: 'read' })).scope).toBe('read');
  });

  it('logs in anonymously: 201, a new pseudo user of subject class anonymous each time', async () => {
    a = await accounts();
    const response = await a.post('anonymous', { client_id: APP });
    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual(standardTokens(3600));
    const me = (await a.me(response.json().access_token)).json();
    expect(me).toEqual({
      sub: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: null,
      subject_class: 'anonymous',
      client_id: APP,
      scope: 'read write',
      issued_at: T0,
      expires_at: T0 + 3600,
      expires_in: 3600,
    });
    const again = await a.tokens('anonymous', { client_id: APP }, 201);
    expect((await a.me(again.access_token)).json().sub).not.toBe(me.sub);
  });

  it('issues no refresh token to a client without the refresh_token grant type; a secret authenticates', async () => {
    a = await accounts();
    const created = await a.lifespan.admin('POST', '/admin/v1/clients', {
      id: 'backend',
      tenantId: 'acme',
      name: 'Backend',
      firstParty: true,
      grantTypes: ['client_credentials'],
      scopes: ['read'],
      tokenEndpointAuthMethod: 'client_secret_post',
    });
    expect(created.statusCode).toBe(201);
    const client = { client_id: 'backend', client_secret: created.json().clientSecret as string };
    await a.createUser({ username: 'alice' });
    const expected = {
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'read',
    };
    expect(await a.tokens('login', { ...client, username: 'alice', password: PASSWORD })).toEqual(expected);
    expect(await a.tokens('anonymous', client, 201)).toEqual(expected);
    expect(await a.tokens('signup', { ...client, username: 'bob', password: PASSWORD }, 201)).toEqual(
      expected,
    );

    const wrongSecret = await a.post('anonymous', { client_id: 'backend', client_secret: 'wrong' });
    expect(wrongSecret.statusCode).toBe(401);
    expect(wrongSecret.json()).toEqual({
      error: 'invalid_client',
      error_description: 'client authentication failed',
    });
    const noSecret = await a.post('anonymous', { client_id: 'backend' });
    expect(noSecret.statusCode).toBe(401);
    expect(noSecret.json().error).toBe('invalid_client');
  });

  it('answers a wrong password and an unknown user identically', async () => {
    a = await accounts();
    await a.createUser({ username: 'alice' });
    const wrong = await a.post('login', { client_id: APP, username: 'alice', password: 'not the password' });
    const unknown = await a.post('login', {
      client_id: APP,
      username: 'nobody',
      password: 'not the password',
    });
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual(WRONG_CREDENTIALS);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['www-authenticate']).toBeUndefined();
    }
    expect(wrong.body).toBe(unknown.body);
    // the username is exact: another tenant's or another case's user is unknown too
    const otherCase = await a.post('login', { client_id: APP, username: 'Alice', password: PASSWORD });
    expect(otherCase.statusCode).toBe(400);
    expect(otherCase.json()).toEqual(WRONG_CREDENTIALS);
  });

  it('refuses clients that are not first-party, and unknown clients', async () => {
    a = await accounts();
    await a.lifespan.admin('POST', '/admin/v1/clients', {
      id: 'third-party',
      tenantId: 'acme',
      name: 'Third party',
      grantTypes: ['refresh_token'],
      scopes: ['read'],
      tokenEndpointAuthMethod: 'none',
    });
    await a.createUser({ username: 'alice' });
    const refused = {
      error: 'unauthorized_client',
      error_description: 'this client may not use the first-party auth API',
    };
    const attempts = [
      await a.post('login', { client_id: 'third-party', username: 'alice', password: PASSWORD }),
      await a.post('signup', { client_id: 'third-party', username: 'bob', password: PASSWORD }),
      await a.post('anonymous', { client_id: 'third-party' }),
    ];
    for (const response of attempts) {
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual(refused);
    }
    // the refused sign-up created no user
    const users = await a.lifespan.admin('GET', '/admin/v1/users?tenantId=acme');
    expect(users.json().items.map((u: { username: string | null }) => u.username)).toEqual(['alice']);

    const unknown = await a.post('login', { client_id: 'nope', username: 'alice', password: PASSWORD });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual({
      error: 'invalid_client',
      error_description: 'client authentication failed',
    });
  });

  it('refuses a too short sign-up password in the OAuth JSON error format of the API', async () => {
    a = await accounts();
    const short = await a.post('signup', { client_id: APP, username: 'bob', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(short.json()).toEqual({
      error: 'invalid_request',
      error_description: expect.stringMatching(/password/),
    });
  });

  it('refuses a taken username at sign-up in the OAuth JSON error format of the API', async () => {
    a = await accounts();
    await a.createUser({ username: 'alice' });
    const taken = await a.post('signup', { client_id: APP, username: 'alice', password: PASSWORD });
    expect([400, 409]).toContain(taken.statusCode);
    expect(taken.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(taken.json()).toEqual({
      error: 'invalid_request',
      error_description: expect.stringMatching(/username/),
    });
  });
});

describe('requested lifetimes under a default and a maximum (seed 001 #2)', () => {
  let a: Accounts;
  afterEach(() => a.lifespan.close());

  it('grants expires_in up to the maximum and clamps above it, on sign-up, login and anonymous', async () => {
    a = await accounts();
    const policy = await a.lifespan.admin('PUT', '/admin/v1/service/policy', {
      accessTokenTtl: '1h',
      max: { accessTokenTtl: '1d' },
    });
    expect(policy.statusCode).toBe(200);
    await a.createUser({ username: 'alice' });
    expect((await a.login('alice')).expires_in).toBe(3600);
    expect((await a.login('alice', PASSWORD, { expires_in: 7200 })).expires_in).toBe(7200);
    const clamped = await a.login('alice', PASSWORD, { expires_in: 172_800 });
    expect(clamped.expires_in).toBe(86_400);
    expect((await a.me(clamped.access_token)).json().expires_at).toBe(T0 + 86_400);
    expect((await a.login('alice', PASSWORD, { expires_in: 60 })).expires_in).toBe(60);

    const signup = { client_id: APP, username: 'bob', password: PASSWORD, expires_in: 7200 };
    expect((await a.tokens('signup', signup, 201)).expires_in).toBe(7200);
    const carol = { client_id: APP, username: 'carol', password: PASSWORD, expires_in: 172_800 };
    expect((await a.tokens('signup', carol, 201)).expires_in).toBe(86_400);
    expect((await a.tokens('anonymous', { client_id: APP, expires_in: 7200 }, 201)).expires_in).toBe(7200);
  });

  it('refuses expires_in above the maximum where the tenant chose reject', async () => {
    a = await accounts();
    await a.lifespan.admin('PUT', '/admin/v1/service/policy', {
      accessTokenTtl: '1h',
      max: { accessTokenTtl: '1d' },
    });
    expect(
      (await a.lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', { requestOverCeiling: 'reject' }))
        .statusCode,
    ).toBe(200);
    await a.createUser({ username: 'alice' });
    const response = await a.post('login', {
      client_id: APP,
      username: 'alice',
      password: PASSWORD,
      expires_in: 172_800,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'invalid_request',
      error_description: 'expires_in must not exceed 86400 seconds',
    });
    expect((await a.login('alice', PASSWORD, { expires_in: 86_400 })).expires_in).toBe(86_400);
    const signup = await a.post('signup', {
      client_id: APP,
      username: 'bob',
      password: PASSWORD,
      expires_in: 90_000,
    });
    expect(signup.statusCode).toBe(400);
    expect(signup.json()).toEqual({
      error: 'invalid_request',
      error_description: 'expires_in must not exceed 86400 seconds',
    });
  });

  it('refuses a malformed expires_in', async () => {
    a = await accounts();
    await a.createUser({ username: 'alice' });
    for (const expiresIn of [0, -5, 1.5, 2_147_483_648, 'an hour']) {
      const response = await a.post('login', {
        client_id: APP,
        username: 'alice',
        password: PASSWORD,
        expires_in: expiresIn,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toBe('invalid_request');
    }
  });
});

describe('login with a saved token: GET me (seed 001 #3, #4, #7)', () => {
  let a: Accounts;
  afterEach(() => a.lifespan.close());

  it("reports the token's own expiry, unchanged by use every minute, and refuses it once expired", async () => {
    a = await accounts();
    const user = await a.createUser({ username: 'alice' });
    const issued = await a.login('alice');
    for (let minute = 0; minute < 60; minute += 1) {
      const me = await a.me(issued.access_token);
      expect(me.statusCode).toBe(200);
      expect(me.headers['cache-control']).toBe('no-store');
      expect(me.json()).toEqual({
        sub: user.id,
        username: 'alice',
        subject_class: 'user',
        client_id: APP,
        scope: 'read write',
        issued_at: T0,
        expires_at: T0 + 3600,
        expires_in: 3600 - minute * 60,
      });
      a.lifespan.clock.advance(60);
    }
    // one hour after the login, whatever the activity
    expectInvalidToken(await a.me(issued.access_token));
    expect(await a.active(issued.access_token)).toBe(false);
  });

  it('expires at exactly iat + ttl, to the second', async () => {
    a = await accounts();
    await a.createUser({ username: 'alice' });
    const issued = await a.login('alice');
    a.lifespan.clock.advance(3599);
    expect((await a.me(issued.access_token)).json().expires_in).toBe(1);
    a.lifespan.clock.advance(1);
    expectInvalidToken(await a.me(issued.access_token));
  });

  it('refuses a missing or malformed bearer token with a challenge', async () => {
    a = await accounts();
    const none = await a.lifespan.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expectInvalidToken(none, 'an access token is required');
    expectInvalidToken(await a.me('not-a-token'));
  });

  it('refuses a token that is not a user login: a client acting for itself', async () => {
    a = await accounts();
    const service = await a.lifespan.form(
      '/oauth2/token',
      { grant_type: 'client_credentials' },
      basic(a.introspector.clientId, a.introspector.secret),
    );
    expect(service.statusCode).toBe(200);
    expectInvalidToken(await a.me(service.json().access_token));
  });

  it('applies a policy change to new logins and sign-ups, never to a saved token (seed 001 #7)', async () => {
    a = await accounts();
    await a.createUser({ username: 'alice' });
    const saved = await a.login('alice');
    a.lifespan.clock.advance(60);
    expect(
      (await a.lifespan.admin('PUT', '/admin/v1/service/policy', { accessTokenTtl: '30m' })).statusCode,
    ).toBe(200);
    const me = await a.me(saved.access_token);
    expect(me.json()).toMatchObject({ issued_at: T0, expires_at: T0 + 3600, expires_in: 3540 });
    expect(me.json()).not.toHaveProperty('access_token');
    expect((await a.login('alice')).expires_in).toBe(1800);
    expect(
      (await a.tokens('signup', { client_id: APP, username: 'bob', password: PASSWORD }, 201)).expires_in,
    ).toBe(1800);
    // the saved token still ends at its own expiry, not 30 minutes after the change
    a.lifespan.clock.advance(1800);
    expect((await a.me(saved.access_token)).statusCode).toBe(200);
    a.lifespan.clock.advance(3600 - 60 - 1800);
    expectInvalidToken(await a.me(saved.access_token));
  });
});

describe('logout', () => {
  let a: Accounts;
  afterEach(() => a.lifespan.close());

  it("ends the token's login: its access and refresh tokens; other logins of the user stay", async () => {
    a = await accounts();
    await a.createUser({ username: 'alice' });
    const phone = await a.login('alice');
    const laptop = await a.login('alice');
    a.lifespan.clock.advance(10);
    const response = await a.post('logout', {}, phone.access_token);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');

    expectInvalidToken(await a.me(phone.access_token));
    expect(await a.active(phone.access_token)).toBe(false);
    expectRefreshRefused(await a.refresh(phone.refresh_token ?? ''));

    expect((await a.me(laptop.access_token)).statusCode).toBe(200);
    expect((await a.refresh(laptop.refresh_token ?? '')).statusCode).toBe(200);
    // a second logout with the ended token is refused
    expectInvalidToken(await a.post('logout', {}, phone.access_token));
  });

  it('needs a bearer token', async () => {
    a = await accounts();
    const response = await a.lifespan.app.inject({ method: 'POST', url: '/api/v1/auth/logout' });
    expectInvalidToken(response, 'an access token is required');
  });

  it.each([
    ['REVOKE_ALL_ON_LOGOUT=true', { env: { REVOKE_ALL_ON_LOGOUT: 'true' } }],
    ['tenant revokeAllOnLogout', { tenant: { policy: { revokeAllOnLogout: true } } }],
  ])('with %s, ends every login of the user; later logins work', async (_name, options) => {
    a = await accounts(options);
    await a.createUser({ username: 'alice' });
    await a.createUser({ username: 'bob' });
    const phone = await a.login('alice');
    const laptop = await a.login('alice');
    const bob = await a.login('bob');
    a.lifespan.clock.advance(10);
    expect((await a.post('logout', {}, phone.access_token)).statusCode).toBe(204);
    for (const ended of [phone, laptop]) {
      expectInvalidToken(await a.me(ended.access_token));
      expect(await a.active(ended.access_token)).toBe(false);
      expectRefreshRefused(await a.refresh(ended.refresh_token ?? ''));
    }
    // another user is not affected
    expect((await a.me(bob.access_token)).statusCode).toBe(200);
    a.lifespan.clock.advance(1);
    const again = await a.login('alice');
    expect((await a.me(again.access_token)).statusCode).toBe(200);
    expect((await a.refresh(again.refresh_token ?? '')).statusCode).toBe(200);
  });
});

describe('password change (seed 001 #5)', () => {
  let a: Accounts;
  afterEach(() => a.lifespan.close());

  const change = (token: string, current: string, next: string) =>
    a.post('password', { current_password: current, new_password: next }, token);

  it("ends the user's earlier access and refresh tokens; the new password logs in", async () => {
    a = await accounts();
    await a.createUser({ username: 'alice' });
    const phone = await a.login('alice');
    const laptop = await a.login('alice');
    a.lifespan.clock.advance(60);
    const response = await change(phone.access_token, PASSWORD, 'a brand new secret');
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');

    for (const ended of [phone, laptop]) {
      expectInvalidToken(await a.me(ended.access_token));
      expect(await a.active(ended.access_token)).toBe(false);
      expectRefreshRefused(await a.refresh(ended.refresh_token ?? ''));
    }
    const old = await a.post('login', { client_id: APP, username: 'alice', password: PASSWORD });
    expect(old.statusCode).toBe(400);
    expect(old.json()).toEqual(WRONG_CREDENTIALS);
    a.lifespan.clock.advance(1);
    const fresh = await a.login('alice', 'a brand new secret');
    expect((await a.me(fresh.access_token)).statusCode).toBe(200);
    expect((await a.refresh(fresh.refresh_token ?? '')).statusCode).toBe(200);
  });

  it('lets the new password log in at once, in the same instant as the change, refresh included', async () => {
    a = await accounts();
    await a.createUser({ username: 'alice' });
    const before = await a.login('alice');
    a.lifespan.clock.advance(0.25);
    expect((await change(before.access_token, PASSWORD, 'a brand new secret')).statusCode).toBe(204);
    const fresh = await a.login('alice', 'a brand new secret');
    expect((await a.me(fresh.access_token)).statusCode).toBe(200);
    expect(await a.active(fresh.access_token)).toBe(true);
    const refreshed = await a.refresh(fresh.refresh_token ?? '');
    expect(refreshed.statusCode).toBe(200);
  });

  it('keeps refresh tokens working with revokeRefreshOnPasswordChange false; access tokens still end', async () => {
    a = await accounts({ tenant: { policy: { revokeRefreshOnPasswordChange: false } } });
    await a.createUser({ username: 'alice' });
    const phone = await a.login('alice');
    a.lifespan.clock.advance(60);
    expect((await change(phone.access_token, PASSWORD, 'a brand new secret')).statusCode).toBe(204);
    expectInvalidToken(await a.me(phone.access_token));
    const refreshed = await a.refresh(phone.refresh_token ?? '');
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json()).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'read write',
      refresh_token: expect.any(String),
      refresh_token_expires_in: 2_592_000 - 60,
    });
    expect((await a.me(refreshed.json().access_token)).statusCode).toBe(200);
  });

  it('keeps access tokens working with revokeAccessOnPasswordChange false; refresh tokens end', async () => {
    a = await accounts({ tenant: { policy: { revokeAccessOnPasswordChange: false } } });
    await a.createUser({ username: 'alice' });
    const phone = await a.login('alice');
    a.lifespan.clock.advance(60);
    expect((await change(phone.access_token, PASSWORD, 'a brand new secret')).statusCode).toBe(204);
    expect((await a.me(phone.access_token)).statusCode).toBe(200);
    expectRefreshRefused(await a.refresh(phone.refresh_token ?? ''));
  });

  it('with REVOKE_REFRESH_ON_PASSWORD_CHANGE=false, refresh tokens outlive a password change', async () => {
    a = await accounts({ env: { REVOKE_REFRESH_ON_PASSWORD_CHANGE: 'false' } });
    await a.createUser({ username: 'alice' });
    const phone = await a.login('alice');
    a.lifespan.clock.advance(60);
    expect((await change(phone.access_token, PASSWORD, 'a brand new secret')).statusCode).toBe(204);
    expectInvalidToken(await a.me(phone.access_token));
    expect((await a.refresh(phone.refresh_token ?? '')).statusCode).toBe(200);
  });

  it('refuses a wrong current password and changes nothing', async () => {
    a = await accounts();
    await a.createUser({ username: 'alice' });
    const phone = await a.login('alice');
    const response = await change(phone.access_token, 'not the password', 'a brand new secret');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'the current password is wrong',
    });
    expect((await a.me(phone.access_token)).statusCode).toBe(200);
    expect((await a.refresh(phone.refresh_token ?? '')).statusCode).toBe(200);
    expect((await a.login('alice')).expires_in).toBe(3600);
  });

  it('refuses a too short new password in the OAuth JSON error format', async () => {
    a = await accounts();
    await a.createUser({ username: 'alice' });
    const phone = await a.login('alice');
    const response = await change(phone.access_token, PASSWORD, 'short');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({
      error: 'invalid_request',
      error_description: expect.stringMatching(/new_password|password/),
    });
    expect((await a.me(phone.access_token)).statusCode).toBe(200);
  });

  it('needs a valid bearer token', async () => {
    a = await accounts();
    expectInvalidToken(
      await a.post('password', { current_password: PASSWORD, new_password: 'a brand new secret' }, 'bogus'),
    );
  });

  it("ends the tokens on an administrator's password reset too", async () => {
    a = await accounts();
    const user = await a.createUser({ username: 'alice' });
    const phone = await a.login('alice');
    a.lifespan.clock.advance(60);
    const reset = await a.lifespan.admin('POST', `/admin/v1/users/${user.id}/password`, {
      password: 'set by the admin',
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({
      id: user.id,
      hasPassword: true,
      accessNotBefore: '2026-01-01T00:01:00.000Z',
      refreshNotBefore: '2026-01-01T00:01:00.000Z',
    });
    expect(reset.json()).not.toHaveProperty('passwordHash');
    expectInvalidToken(await a.me(phone.access_token));
    expectRefreshRefused(await a.refresh(phone.refresh_token ?? ''));
    expect((await a.login('alice', 'set by the admin')).expires_in).toBe(3600);
  });
});

describe('admin "expire tokens" of a user (seed 001 #5)', () => {
  let a: Accounts;
  afterEach(() => a.lifespan.close());

  it("ends every access and refresh token of the user issued until now, and no one else's", async () => {
    a = await accounts();
    const alice = await a.createUser({ username: 'alice' });
    await a.createUser({ username: 'bob' });
    const phone = await a.login('alice');
    const laptop = await a.login('alice');
    const bob = await a.login('bob');
    a.lifespan.clock.advance(0.25);
    const response = await a.lifespan.admin('POST', `/admin/v1/users/${alice.id}/expire-tokens`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ notBefore: '2026-01-01T00:00:00.250Z' });
    for (const ended of [phone, laptop]) {
      expectInvalidToken(await a.me(ended.access_token));
      expect(await a.active(ended.access_token)).toBe(false);
      expectRefreshRefused(await a.refresh(ended.refresh_token ?? ''));
    }
    expect((await a.me(bob.access_token)).statusCode).toBe(200);
    expect((await a.refresh(bob.refresh_token ?? '')).statusCode).toBe(200);
    // the account itself still logs in
    a.lifespan.clock.advance(1);
    const again = await a.login('alice');
    expect((await a.me(again.access_token)).statusCode).toBe(200);
    expect((await a.refresh(again.refresh_token ?? '')).statusCode).toBe(200);
  });

  it('answers 404 for an unknown user', async () => {
    a = await accounts();
    const response = await a.lifespan.admin('POST', '/admin/v1/users/nobody/expire-tokens');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json()).toEqual({
      type: 'urn:lifespan:problem:not-found',
      title: 'Not Found',
      status: 404,
      detail: 'user nobody does not exist',
    });
  });
});

describe('anonymous users follow the anonymous subject class (seed 001 #6)', () => {
  let a: Accounts;
  afterEach(() => a.lifespan.close());

  it('never expire where the operator set the anonymous class to never; other users keep the default', async () => {
    a = await accounts();
    const policy = await a.lifespan.admin('PUT', '/admin/v1/service/policy', {
      subjectClasses: {
        anonymous: { accessTokenTtl: 'never', refreshTokenTtl: 'never', refreshTokenAbsoluteTtl: 'never' },
      },
    });
    expect(policy.statusCode).toBe(200);
    const anonymous = await a.tokens('anonymous', { client_id: APP }, 201);
    expect(anonymous).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 2_147_483_647,
      scope: 'read write',
      refresh_token: expect.any(String),
    });
    expect((await a.me(anonymous.access_token)).json()).toMatchObject({
      subject_class: 'anonymous',
      issued_at: T0,
      expires_at: T0 + 2_147_483_647,
    });
    await a.createUser({ username: 'alice' });
    expect(await a.login('alice')).toEqual(standardTokens(3600));

    a.lifespan.clock.advance(10 * 365 * 86_400);
    expect((await a.me(anonymous.access_token)).statusCode).toBe(200);
    const refreshed = await a.refresh(anonymous.refresh_token ?? '');
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json()).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 2_147_483_647,
      scope: 'read write',
      refresh_token: expect.any(String),
    });
  });

  it('get the anonymous class lifetime, not the user class one', async () => {
    a = await accounts();
    await a.lifespan.admin('PUT', '/admin/v1/service/policy', {
      subjectClasses: { anonymous: { accessTokenTtl: '10m' }, user: { accessTokenTtl: '20m' } },
    });
    expect((await a.tokens('anonymous', { client_id: APP }, 201)).expires_in).toBe(600);
    expect(
      (await a.tokens('signup', { client_id: APP, username: 'alice', password: PASSWORD }, 201)).expires_in,
    ).toBe(1200);
  });
});
