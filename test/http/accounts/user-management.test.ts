import { afterEach, describe, expect, it } from 'vitest';
import {
  type Accounts,
  APP,
  accounts,
  expectInvalidToken,
  expectRefreshRefused,
  PASSWORD,
  WRONG_CREDENTIALS,
} from './accounts-support.ts';

const CREATED_AT = '2026-01-01T00:00:00.000Z';
const PROBLEM = 'application/problem+json; charset=utf-8';

const notFound = (id: string) => ({
  type: 'urn:lifespan:problem:not-found',
  title: 'Not Found',
  status: 404,
  detail: `user ${id} does not exist`,
});

const SHORT_PASSWORD = {
  type: 'urn:lifespan:problem:validation',
  title: 'Bad Request',
  status: 400,
  detail: 'the password is not acceptable',
  errors: [{ field: 'password', message: 'use 8 to 1024 characters' }],
};

describe('user management', () => {
  let a: Accounts;
  afterEach(() => a.lifespan.close());

  it('creates a user: 201, a location, and no trace of the password', async () => {
    a = await accounts();
    const response = await a.lifespan.admin('POST', '/admin/v1/users', {
      tenantId: 'acme',
      username: 'alice',
      password: PASSWORD,
      profile: { name: 'Alice', email: 'alice@example.com', email_verified: true },
    });
    expect(response.statusCode).toBe(201);
    const id = response.json().id as string;
    expect(response.headers.location).toBe(`/admin/v1/users/${id}`);
    const view = {
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      tenantId: 'acme',
      username: 'alice',
      subjectClass: 'user',
      hasPassword: true,
      validUntil: null,
      profile: { name: 'Alice', email: 'alice@example.com', email_verified: true },
      policy: {},
      accessNotBefore: null,
      refreshNotBefore: null,
      lockedForSecurityReasons: false,
      lockedUntil: null,
      administers: null,
      createdAt: CREATED_AT,
      updatedAt: CREATED_AT,
    };
    expect(response.json()).toEqual({ ...view, warnings: [] });
    expect(response.body).not.toContain(PASSWORD);
    expect(response.body).not.toMatch(/argon2|passwordHash/);

    const read = await a.lifespan.admin('GET', `/admin/v1/users/${id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(view);
    expect(read.body).not.toMatch(/argon2|passwordHash/);
    const list = await a.lifespan.admin('GET', '/admin/v1/users?tenantId=acme');
    expect(list.json()).toEqual({ items: [view], next: null });
    expect(list.body).not.toMatch(/argon2|passwordHash/);
    expect((await a.login('alice')).expires_in).toBe(3600);
  });

  it('creates users without a password (no password login) and without a username (anonymous)', async () => {
    a = await accounts();
    const noPassword = await a.lifespan.admin('POST', '/admin/v1/users', {
      tenantId: 'acme',
      username: 'sso',
    });
    expect(noPassword.statusCode).toBe(201);
    expect(noPassword.json()).toMatchObject({ username: 'sso', subjectClass: 'user', hasPassword: false });
    const refused = await a.post('login', { client_id: APP, username: 'sso', password: PASSWORD });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual(WRONG_CREDENTIALS);

    const anonymous = await a.lifespan.admin('POST', '/admin/v1/users', { tenantId: 'acme' });
    expect(anonymous.statusCode).toBe(201);
    expect(anonymous.json()).toMatchObject({ username: null, subjectClass: 'anonymous', hasPassword: false });
  });

  it('refuses a duplicate username in a tenant with 409; the same username in another tenant is fine', async () => {
    a = await accounts();
    await a.createUser({ username: 'alice' });
    const duplicate = await a.lifespan.admin('POST', '/admin/v1/users', {
      tenantId: 'acme',
      username: 'alice',
      password: 'another password',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.headers['content-type']).toBe(PROBLEM);
    expect(duplicate.json()).toEqual({
      type: 'urn:lifespan:problem:conflict',
      title: 'Conflict',
      status: 409,
      detail: 'the username is taken in this tenant',
    });

    expect(
      (await a.lifespan.admin('POST', '/admin/v1/tenants', { id: 'globex', name: 'Globex' })).statusCode,
    ).toBe(201);
    const elsewhere = await a.lifespan.admin('POST', '/admin/v1/users', {
      tenantId: 'globex',
      username: 'alice',
      password: 'globex password',
    });
    expect(elsewhere.statusCode).toBe(201);
    expect(elsewhere.json()).toMatchObject({ tenantId: 'globex', username: 'alice' });
    // acme's app logs in acme's alice only
    const acmeAlice = await a.login('alice');
    expect((await a.me(acmeAlice.access_token)).json().sub).not.toBe(elsewhere.json().id);
    const wrongTenant = await a.post('login', {
      client_id: APP,
      username: 'alice',
      password: 'globex password',
    });
    expect(wrongTenant.statusCode).toBe(400);
    expect(wrongTenant.json()).toEqual(WRONG_CREDENTIALS);
  });

  it('refuses a password shorter than 8 characters, naming password', async () => {
    a = await accounts();
    const response = await a.lifespan.admin('POST', '/admin/v1/users', {
      tenantId: 'acme',
      username: 'alice',
      password: '1234567',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe(PROBLEM);
    expect(response.json()).toEqual(SHORT_PASSWORD);
    expect((await a.lifespan.admin('GET', '/admin/v1/users?tenantId=acme')).json().items).toEqual([]);
    // exactly 8 is enough
    expect(
      (
        await a.lifespan.admin('POST', '/admin/v1/users', {
          tenantId: 'acme',
          username: 'alice',
          password: '12345678',
        })
      ).statusCode,
    ).toBe(201);

    const user = await a.createUser({ username: 'bob' });
    const reset = await a.lifespan.admin('POST', `/admin/v1/users/${user.id}/password`, {
      password: 'short',
    });
    expect(reset.statusCode).toBe(400);
    expect(reset.json()).toEqual(SHORT_PASSWORD);
    expect((await a.login('bob')).expires_in).toBe(3600);
  });

  it('refuses an unknown tenant and an unknown subject class, naming the field', async () => {
    a = await accounts();
    const tenant = await a.lifespan.admin('POST', '/admin/v1/users', {
      tenantId: 'nowhere',
      username: 'alice',
      password: PASSWORD,
    });
    expect(tenant.statusCode).toBe(400);
    expect(tenant.json()).toEqual({
      type: 'urn:lifespan:problem:validation',
      title: 'Bad Request',
      status: 400,
      detail: 'the user is not valid',
      errors: [{ field: 'tenantId', message: 'tenant nowhere does not exist' }],
    });
    const subjectClass = await a.lifespan.admin('POST', '/admin/v1/users', {
      tenantId: 'acme',
      username: 'alice',
      password: PASSWORD,
      subjectClass: 'service',
    });
    expect(subjectClass.statusCode).toBe(400);
    expect(subjectClass.json().errors).toEqual([{ field: 'subjectClass', message: expect.any(String) }]);
  });

  it('changes the subject class with PATCH; logins then carry it', async () => {
    a = await accounts();
    const user = await a.createUser({ username: 'alice' });
    a.lifespan.clock.advance(60);
    const response = await a.lifespan.admin('PATCH', `/admin/v1/users/${user.id}`, { subjectClass: 'admin' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ...user,
      subjectClass: 'admin',
      updatedAt: '2026-01-01T00:01:00.000Z',
      warnings: [],
    });
    const token = await a.login('alice');
    expect((await a.me(token.access_token)).json().subject_class).toBe('admin');
    expect((await a.lifespan.admin('GET', `/admin/v1/users/${user.id}`)).json().subjectClass).toBe('admin');
  });

  it('refuses a PATCH to a username taken in the tenant', async () => {
    a = await accounts();
    await a.createUser({ username: 'alice' });
    const bob = await a.createUser({ username: 'bob' });
    const response = await a.lifespan.admin('PATCH', `/admin/v1/users/${bob.id}`, { username: 'alice' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      type: 'urn:lifespan:problem:conflict',
      title: 'Conflict',
      status: 409,
      detail: 'the username is taken in this tenant',
    });
    expect((await a.lifespan.admin('GET', `/admin/v1/users/${bob.id}`)).json().username).toBe('bob');
  });

  it("deletes a user: 204, and the user's tokens become inactive at once", async () => {
    a = await accounts();
    const user = await a.createUser({ username: 'alice' });
    await a.createUser({ username: 'bob' });
    const phone = await a.login('alice');
    const bob = await a.login('bob');
    expect(await a.active(phone.access_token)).toBe(true);

    const response = await a.lifespan.admin('DELETE', `/admin/v1/users/${user.id}`);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(await a.active(phone.access_token)).toBe(false);
    expectInvalidToken(await a.me(phone.access_token));
    expectRefreshRefused(await a.refresh(phone.refresh_token ?? ''));
    const login = await a.post('login', { client_id: APP, username: 'alice', password: PASSWORD });
    expect(login.statusCode).toBe(400);
    expect(login.json()).toEqual(WRONG_CREDENTIALS);
    expect(await a.active(bob.access_token)).toBe(true);

    const again = await a.lifespan.admin('DELETE', `/admin/v1/users/${user.id}`);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toEqual(notFound(user.id));
    // the username is free again
    const reused = await a.createUser({ username: 'alice' });
    expect(reused.id).not.toBe(user.id);
    expect(await a.active(phone.access_token)).toBe(false);
  });

  it('answers 404 problem+json for an unknown user on every route', async () => {
    a = await accounts();
    const calls = [
      await a.lifespan.admin('GET', '/admin/v1/users/nobody'),
      await a.lifespan.admin('PATCH', '/admin/v1/users/nobody', { subjectClass: 'admin' }),
      await a.lifespan.admin('DELETE', '/admin/v1/users/nobody'),
      await a.lifespan.admin('POST', '/admin/v1/users/nobody/password', { password: PASSWORD }),
      await a.lifespan.admin('POST', '/admin/v1/users/nobody/expire-tokens'),
    ];
    for (const response of calls) {
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toBe(PROBLEM);
      expect(response.json()).toEqual(notFound('nobody'));
    }
  });

  it('needs the admin key', async () => {
    a = await accounts();
    const response = await a.lifespan.app.inject({ method: 'GET', url: '/admin/v1/users' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toBe(PROBLEM);
    const create = await a.lifespan.app.inject({
      method: 'POST',
      url: '/admin/v1/users',
      headers: { authorization: 'Bearer wrong-key' },
      payload: { tenantId: 'acme', username: 'mallory', password: PASSWORD },
    });
    expect(create.statusCode).toBe(401);
    expect((await a.lifespan.admin('GET', '/admin/v1/users?tenantId=acme')).json().items).toEqual([]);
  });
});
