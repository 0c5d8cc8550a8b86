import { afterEach, describe, expect, it } from 'vitest';
import {
  ACCOUNT_EXPIRED,
  type Accounts,
  APP,
  accounts,
  DAY,
  expectInvalidToken,
  expectRefreshRefused,
  PASSWORD,
  WRONG_CREDENTIALS,
} from './accounts-support.ts';

const iso = (secondsAfterT0: number) =>
  new Date(Date.parse('2026-01-01T00:00:00.000Z') + secondsAfterT0 * 1000).toISOString();

describe('account validity (seed 004 #5)', () => {
  let a: Accounts;
  afterEach(() => a.lifespan.close());

  const loginResponse = (username: string, password = PASSWORD) =>
    a.post('login', { client_id: APP, username, password });

  it.each([
    [
      'tenant',
      (x: Accounts) => x.lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', { accountValidity: '30d' }),
    ],
    [
      'service',
      (x: Accounts) => x.lifespan.admin('PUT', '/admin/v1/service/policy', { accountValidity: '30d' }),
    ],
  ])('with a %s accountValidity of 30 days, ends accounts 30 days after creation', async (_level, set) => {
    a = await accounts();
    expect((await set(a)).statusCode).toBe(200);
    await a.createUser({ username: 'alice' });
    a.lifespan.clock.advance(30 * DAY - 600);
    const last = await a.login('alice');
    expect((await a.me(last.access_token)).statusCode).toBe(200);
    expect(await a.active(last.access_token)).toBe(true);

    a.lifespan.clock.advance(600);
    const refused = await loginResponse('alice');
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual(ACCOUNT_EXPIRED);
    // the token issued 10 minutes ago (valid for 50 more) ends with the account
    expectInvalidToken(await a.me(last.access_token));
    expect(await a.active(last.access_token)).toBe(false);
    expectRefreshRefused(await a.refresh(last.refresh_token ?? ''));
    // without the right password, nothing tells that the account exists or has expired
    const wrong = await loginResponse('alice', 'not the password');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toEqual(WRONG_CREDENTIALS);
  });

  it('counts from each account’s own creation', async () => {
    a = await accounts({ tenant: { policy: { accountValidity: '30d' } } });
    await a.createUser({ username: 'alice' });
    a.lifespan.clock.advance(20 * DAY);
    await a.createUser({ username: 'bob' });
    a.lifespan.clock.advance(10 * DAY);
    expect((await loginResponse('alice')).json()).toEqual(ACCOUNT_EXPIRED);
    expect((await a.login('bob')).expires_in).toBe(3600);
    a.lifespan.clock.advance(20 * DAY - 1);
    expect((await a.login('bob')).expires_in).toBe(3600);
    a.lifespan.clock.advance(1);
    expect((await loginResponse('bob')).json()).toEqual(ACCOUNT_EXPIRED);
  });

  it('explains the effective accountValidity for a user', async () => {
    a = await accounts({ tenant: { policy: { accountValidity: '30d' } } });
    const user = await a.createUser({ username: 'alice' });
    const response = await a.lifespan.admin('GET', `/admin/v1/policy/effective?userId=${user.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.json().settings.accountValidity).toEqual({
      value: 30 * DAY,
      source: { level: 'tenant', id: 'acme' },
      stack: [
        { source: { level: 'default' }, value: 'none', role: 'overridden' },
        { source: { level: 'tenant', id: 'acme' }, value: 30 * DAY, role: 'won' },
      ],
    });
  });

  it("keeps an old account alive when the user's own validUntil is later than the global validity", async () => {
    a = await accounts({ tenant: { policy: { accountValidity: '30d' } } });
    const user = await a.createUser({ username: 'alice', validUntil: '2026-03-01T00:00:00Z' });
    expect(user.validUntil).toBe('2026-03-01T00:00:00.000Z');
    await a.createUser({ username: 'bob' });
    a.lifespan.clock.advance(40 * DAY);
    expect((await loginResponse('bob')).json()).toEqual(ACCOUNT_EXPIRED);
    const alive = await a.login('alice');
    expect((await a.me(alive.access_token)).statusCode).toBe(200);
    a.lifespan.clock.set(Date.parse('2026-03-01T00:00:00Z') - 1000);
    expect((await a.me(alive.access_token)).statusCode).toBe(401); // expired by its own 1 h long ago
    expect((await a.login('alice')).expires_in).toBe(3600);
    a.lifespan.clock.advance(1);
    expect((await loginResponse('alice')).json()).toEqual(ACCOUNT_EXPIRED);
  });

  it("ends a new account at the user's own validUntil when it is earlier than the global validity", async () => {
    a = await accounts({ tenant: { policy: { accountValidity: '30d' } } });
    await a.createUser({ username: 'alice', validUntil: iso(DAY) });
    await a.createUser({ username: 'bob' });
    a.lifespan.clock.advance(DAY - 600);
    const token = await a.login('alice');
    a.lifespan.clock.advance(600);
    expect((await loginResponse('alice')).json()).toEqual(ACCOUNT_EXPIRED);
    expect(await a.active(token.access_token)).toBe(false);
    expectRefreshRefused(await a.refresh(token.refresh_token ?? ''));
    expect((await a.login('bob')).expires_in).toBe(3600);
  });

  it('ends an account at its validUntil when no global validity is set', async () => {
    a = await accounts();
    await a.createUser({ username: 'alice', validUntil: iso(3 * DAY) });
    a.lifespan.clock.advance(3 * DAY - 1);
    expect((await a.login('alice')).expires_in).toBe(3600);
    a.lifespan.clock.advance(1);
    expect((await loginResponse('alice')).json()).toEqual(ACCOUNT_EXPIRED);
  });

  it('lets an administrator extend an expired account, or hand it back to the global validity', async () => {
    a = await accounts({ tenant: { policy: { accountValidity: '30d' } } });
    const user = await a.createUser({ username: 'alice' });
    a.lifespan.clock.advance(31 * DAY);
    expect((await loginResponse('alice')).json()).toEqual(ACCOUNT_EXPIRED);

    const extended = await a.lifespan.admin('PATCH', `/admin/v1/users/${user.id}`, {
      validUntil: iso(60 * DAY),
    });
    expect(extended.statusCode).toBe(200);
    expect(extended.json().validUntil).toBe(iso(60 * DAY));
    expect((await a.login('alice')).expires_in).toBe(3600);

    const cleared = await a.lifespan.admin('PATCH', `/admin/v1/users/${user.id}`, { validUntil: null });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().validUntil).toBeNull();
    expect((await loginResponse('alice')).json()).toEqual(ACCOUNT_EXPIRED);
  });

  it('refuses a validUntil that is not an RFC 3339 date-time, naming the field', async () => {
    a = await accounts();
    const response = await a.lifespan.admin('POST', '/admin/v1/users', {
      tenantId: 'acme',
      username: 'alice',
      password: PASSWORD,
      validUntil: 'next tuesday',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const problem = response.json() as {
      type: string;
      status: number;
      errors: { field: string; message: string }[];
    };
    expect(problem).toMatchObject({ type: 'urn:lifespan:problem:validation', status: 400 });
    expect(problem.errors.length).toBeGreaterThan(0);
    expect(new Set(problem.errors.map((e) => e.field))).toEqual(new Set(['validUntil']));
    expect(problem.errors.map((e) => e.message).join(' ')).toMatch(/date-time/);
  });
});
