import { afterEach, describe, expect, it } from 'vitest';
import { type Accounts, APP, accounts, DAY, PASSWORD, T0 } from './accounts-support.ts';

const STORED = { level: 'service', id: 'stored' };
const DEFAULT = { level: 'default' };
const SEED_004 = {
  refreshTokenTtl: '45d',
  subjectClasses: { admin: { accessTokenTtl: '8h' }, user: { accessTokenTtl: '14d' } },
};

async function effective(a: Accounts, query: string) {
  const response = await a.lifespan.admin('GET', `/admin/v1/policy/effective?${query}`);
  expect(response.statusCode).toBe(200);
  return response.json() as {
    context: Record<string, unknown>;
    version: number;
    settings: Record<string, unknown>;
  };
}

describe('subject classes (seed 004 #1)', () => {
  let a: Accounts;
  afterEach(() => a.lifespan.close());

  it('gives administrators 8 h and API users 14 d access tokens, both 45 d refresh tokens', async () => {
    a = await accounts();
    expect((await a.lifespan.admin('PUT', '/admin/v1/service/policy', SEED_004)).statusCode).toBe(200);
    const root = await a.createUser({ username: 'root', subjectClass: 'admin' });
    await a.createUser({ username: 'alice' });

    const admin = await a.login('root');
    expect(admin).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 28_800,
      scope: 'read write',
      refresh_token: expect.any(String),
      refresh_token_expires_in: 45 * DAY,
    });
    expect((await a.me(admin.access_token)).json()).toEqual({
      sub: root.id,
      username: 'root',
      subject_class: 'admin',
      client_id: APP,
      scope: 'read write',
      issued_at: T0,
      expires_at: T0 + 28_800,
      expires_in: 28_800,
    });
    const user = await a.login('alice');
    expect(user).toMatchObject({ expires_in: 1_209_600, refresh_token_expires_in: 45 * DAY });
    expect((await a.me(user.access_token)).json()).toMatchObject({
      subject_class: 'user',
      expires_at: T0 + 1_209_600,
    });
    const signup = await a.tokens('signup', { client_id: APP, username: 'bob', password: PASSWORD }, 201);
    expect(signup).toMatchObject({ expires_in: 1_209_600, refresh_token_expires_in: 45 * DAY });

    // the administrator's token ends after 8 h, the user's lives on
    a.lifespan.clock.advance(28_800);
    expect((await a.me(admin.access_token)).statusCode).toBe(401);
    expect((await a.me(user.access_token)).statusCode).toBe(200);
    // a refreshed administrator token is 8 h again
    const refreshed = await a.refresh(admin.refresh_token ?? '');
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json()).toMatchObject({
      expires_in: 28_800,
      refresh_token_expires_in: 45 * DAY - 28_800,
    });
  });

  it('explains where each user’s lifetimes come from', async () => {
    a = await accounts();
    await a.lifespan.admin('PUT', '/admin/v1/service/policy', SEED_004);
    const root = await a.createUser({ username: 'root', subjectClass: 'admin' });
    const alice = await a.createUser({ username: 'alice' });

    const forAdmin = await effective(a, `userId=${root.id}`);
    expect(forAdmin.context).toEqual({
      tenantId: 'acme',
      userId: root.id,
      subjectClass: 'admin',
      scopes: [],
    });
    const refreshTokenTtl = {
      value: 45 * DAY,
      source: STORED,
      stack: [
        { source: DEFAULT, value: 2_592_000, role: 'overridden' },
        { source: STORED, value: 45 * DAY, role: 'won' },
      ],
    };
    expect(forAdmin.settings.accessTokenTtl).toEqual({
      value: 28_800,
      source: { level: 'subjectClass', id: 'admin', owner: STORED },
      stack: [
        { source: DEFAULT, value: 3600, role: 'overridden' },
        { source: { level: 'subjectClass', id: 'admin', owner: STORED }, value: 28_800, role: 'won' },
      ],
    });
    expect(forAdmin.settings.refreshTokenTtl).toEqual(refreshTokenTtl);

    const forUser = await effective(a, `userId=${alice.id}&clientId=${APP}`);
    expect(forUser.context).toEqual({
      tenantId: 'acme',
      clientId: APP,
      userId: alice.id,
      subjectClass: 'user',
      scopes: [],
    });
    expect(forUser.settings.accessTokenTtl).toEqual({
      value: 1_209_600,
      source: { level: 'subjectClass', id: 'user', owner: STORED },
      stack: [
        { source: DEFAULT, value: 3600, role: 'overridden' },
        { source: { level: 'subjectClass', id: 'user', owner: STORED }, value: 1_209_600, role: 'won' },
      ],
    });
    expect(forUser.settings.refreshTokenTtl).toEqual(refreshTokenTtl);

    const unknown = await a.lifespan.admin('GET', '/admin/v1/policy/effective?userId=nobody');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({
      type: 'urn:lifespan:problem:not-found',
      title: 'Not Found',
      status: 404,
      detail: 'user nobody does not exist',
    });
  });

  it('refuses refresh 7 d with access 14 d ("the refresh JWT expiration time should be greater")', async () => {
    a = await accounts();
    const response = await a.lifespan.admin('PUT', '/admin/v1/service/policy', {
      refreshTokenTtl: '7d',
      subjectClasses: { user: { accessTokenTtl: '14d' } },
    });
    expect(response.statusCode).toBe(400);
    const message =
      'the refresh token lifetime (7d, from the service policy) must not be shorter than the access token ' +
      'lifetime (14d, from subject class user of the service policy) for user tokens';
    expect(response.json()).toEqual({
      type: 'urn:lifespan:problem:validation',
      title: 'Bad Request',
      status: 400,
      detail: 'the policy breaks a lifetime constraint',
      errors: [
        { field: 'policy.refreshTokenTtl', message },
        { field: 'policy.subjectClasses.user.accessTokenTtl', message },
      ],
    });
    // nothing was saved
    await a.createUser({ username: 'alice' });
    expect((await a.login('alice')).expires_in).toBe(3600);
  });

  it("moves a user to another class: the next login follows the new class's lifetime", async () => {
    a = await accounts();
    await a.lifespan.admin('PUT', '/admin/v1/service/policy', SEED_004);
    const alice = await a.createUser({ username: 'alice' });
    expect((await a.login('alice')).expires_in).toBe(1_209_600);
    const patched = await a.lifespan.admin('PATCH', `/admin/v1/users/${alice.id}`, { subjectClass: 'admin' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ id: alice.id, subjectClass: 'admin', hasPassword: true });
    const promoted = await a.login('alice');
    expect(promoted.expires_in).toBe(28_800);
    expect((await a.me(promoted.access_token)).json().subject_class).toBe('admin');
  });

  it('lets a tenant set its own class lifetimes over the service ones', async () => {
    a = await accounts({ tenant: { policy: { subjectClasses: { admin: { accessTokenTtl: '1h' } } } } });
    await a.lifespan.admin('PUT', '/admin/v1/service/policy', SEED_004);
    const root = await a.createUser({ username: 'root', subjectClass: 'admin' });
    await a.createUser({ username: 'alice' });
    expect((await a.login('root')).expires_in).toBe(3600);
    expect((await a.login('alice')).expires_in).toBe(1_209_600);
    expect((await effective(a, `userId=${root.id}`)).settings.accessTokenTtl).toEqual({
      value: 3600,
      source: { level: 'subjectClass', id: 'admin', owner: { level: 'tenant', id: 'acme' } },
      stack: [
        { source: DEFAULT, value: 3600, role: 'overridden' },
        { source: { level: 'subjectClass', id: 'admin', owner: STORED }, value: 28_800, role: 'overridden' },
        {
          source: { level: 'subjectClass', id: 'admin', owner: { level: 'tenant', id: 'acme' } },
          value: 3600,
          role: 'won',
        },
      ],
    });
  });
});

describe('user-level overrides', () => {
  let a: Accounts;
  afterEach(() => a.lifespan.close());

  it('gives a user with accessTokenTtl 5m tokens of 300 s while others get the default', async () => {
    a = await accounts();
    const short = await a.createUser({ username: 'kiosk', policy: { accessTokenTtl: '5m' } });
    expect(short.policy).toEqual({ accessTokenTtl: 300 });
    await a.createUser({ username: 'alice' });
    const kiosk = await a.login('kiosk');
    expect(kiosk.expires_in).toBe(300);
    expect((await a.me(kiosk.access_token)).json()).toMatchObject({ expires_at: T0 + 300 });
    expect((await a.login('alice')).expires_in).toBe(3600);
    expect((await effective(a, `userId=${short.id}`)).settings.accessTokenTtl).toEqual({
      value: 300,
      source: { level: 'user', id: short.id },
      stack: [
        { source: DEFAULT, value: 3600, role: 'overridden' },
        { source: { level: 'user', id: short.id }, value: 300, role: 'won' },
      ],
    });
    // a refresh keeps the user's own lifetime
    a.lifespan.clock.advance(300);
    expect((await a.me(kiosk.access_token)).statusCode).toBe(401);
    const refreshed = await a.refresh(kiosk.refresh_token ?? '');
    expect(refreshed.json().expires_in).toBe(300);
  });

  it("wins over the user's subject class", async () => {
    a = await accounts();
    await a.lifespan.admin('PUT', '/admin/v1/service/policy', SEED_004);
    await a.createUser({ username: 'root', subjectClass: 'admin', policy: { accessTokenTtl: '5m' } });
    expect((await a.login('root')).expires_in).toBe(300);
  });

  it('is bound by the ceilings above it', async () => {
    a = await accounts();
    await a.lifespan.admin('PUT', '/admin/v1/service/policy', { max: { accessTokenTtl: '1h' } });
    const long = await a.createUser({ username: 'alice', policy: { accessTokenTtl: '2h' } });
    expect((await a.login('alice')).expires_in).toBe(3600);
    expect((await effective(a, `userId=${long.id}`)).settings.accessTokenTtl).toEqual({
      value: 3600,
      source: { level: 'user', id: long.id },
      clampedBy: STORED,
      ceiling: { value: 3600, source: STORED },
      stack: [
        { source: DEFAULT, value: 3600, role: 'overridden' },
        { source: STORED, max: 3600, role: 'ceiling-only', binding: true, clamped: true },
        { source: { level: 'user', id: long.id }, value: 7200, role: 'won' },
      ],
    });
  });

  it('changes with PATCH for the next login', async () => {
    a = await accounts();
    const alice = await a.createUser({ username: 'alice' });
    const before = await a.login('alice');
    const patched = await a.lifespan.admin('PATCH', `/admin/v1/users/${alice.id}`, {
      policy: { accessTokenTtl: '10m' },
    });
    expect(patched.statusCode).toBe(200);
    expect((await a.login('alice')).expires_in).toBe(600);
    // the earlier token keeps its own expiry
    expect((await a.me(before.access_token)).json().expires_at).toBe(T0 + 3600);
  });

  it('refuses a user policy that breaks a constraint or names an unknown setting', async () => {
    a = await accounts();
    const shortRefresh = await a.lifespan.admin('POST', '/admin/v1/users', {
      tenantId: 'acme',
      username: 'bob',
      password: PASSWORD,
      policy: { refreshTokenTtl: '1m' },
    });
    expect(shortRefresh.statusCode).toBe(400);
    expect(shortRefresh.json()).toMatchObject({
      type: 'urn:lifespan:problem:validation',
      detail: 'the policy breaks a lifetime constraint',
      errors: expect.arrayContaining([{ field: 'policy.refreshTokenTtl', message: expect.any(String) }]),
    });
    const unknown = await a.lifespan.admin('POST', '/admin/v1/users', {
      tenantId: 'acme',
      username: 'carol',
      password: PASSWORD,
      policy: { bogus: 1 },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({
      type: 'urn:lifespan:problem:validation',
      title: 'Bad Request',
      status: 400,
      detail: 'the policy is not valid',
      errors: [{ field: 'policy.bogus', message: 'unknown policy setting' }],
    });
    expect((await a.lifespan.admin('GET', '/admin/v1/users?tenantId=acme')).json().items).toEqual([]);
  });
});
