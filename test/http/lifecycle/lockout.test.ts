import { afterEach, describe, expect, it } from 'vitest';
import { hiddenFields, REDIRECT_URI, VERIFIER } from '../../support/browser-login.ts';
import { basic } from '../../support/lifespan.ts';
import {
  API_ADDRESS,
  allEvents,
  attempts,
  authorizeLogin,
  Browser,
  DAY,
  DEVICE_GRANT,
  DEVICES,
  deviceLogin,
  deviceLoginPage,
  expectAllAlive,
  expectAllEnded,
  firstPartyApi,
  HOUR,
  holdEverything,
  iso,
  LOGIN_PATHS,
  type LockoutEnv,
  lockDevice,
  lockoutEnv,
  loginPage,
  MINUTE,
  PASSWORD,
  SEED_004,
  type UserView,
  userView,
  WRONG_PASSWORD,
} from './lockout-support.ts';

const WRONG3 = ['wrong', 'wrong', 'wrong'];

describe.each(LOGIN_PATHS)('brute-force lockout through the $name (seed 004 #6)', (path) => {
  let env: LockoutEnv;
  afterEach(() => env.lifespan.close());

  const login = async (device: 'A' | 'B' | 'C' | 'D', password = PASSWORD, username = 'alice') =>
    (await path.login(env, username, password, device)).outcome;
  /** Locks alice's user: device A locked twice, 15 min apart; returns the second lock's time. */
  const lockUser = async (): Promise<number> => {
    await lockDevice(path, env, 'A');
    env.lifespan.clock.advance(15 * MINUTE);
    expect(await userView(env)).toMatchObject({ lockedForSecurityReasons: false, lockedUntil: null });
    const lockedAt = env.lifespan.clock.now();
    await lockDevice(path, env, 'A');
    return lockedAt;
  };

  it('three wrong passwords from device A lock A but not B; the right password from A is refused; 15 min later A logs in', async () => {
    env = await lockoutEnv();
    const lockedAt = env.lifespan.clock.now();
    expect(await attempts(path, env, 3, 'A')).toEqual(WRONG3);
    expect(await login('A')).toBe('locked');
    expect(await login('B')).toBe('ok');
    env.lifespan.clock.advance(15 * MINUTE);
    expect(await login('A')).toBe('ok');
    // one device lock does not lock the user (userMaxDeviceLocks 2)
    expect(await userView(env)).toMatchObject({ lockedForSecurityReasons: false, lockedUntil: null });
    const locks = await allEvents(env.lifespan, { action: 'device.locked' });
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({
      at: iso(lockedAt),
      tenantId: 'acme',
      subject: env.userId,
      outcome: 'success',
      details: { device: path.deviceId('A'), username: 'alice' },
    });
  });

  it('the failure window is 10 min: 2 failures then a 3rd 10 min later do not lock; a 3rd at 10 min − 1 s does', async () => {
    env = await lockoutEnv();
    expect(await attempts(path, env, 2, 'A')).toEqual(['wrong', 'wrong']);
    expect(await attempts(path, env, 2, 'B')).toEqual(['wrong', 'wrong']);
    env.lifespan.clock.advance(10 * MINUTE - 1);
    expect(await attempts(path, env, 1, 'B')).toEqual(['wrong']);
    expect(await login('B')).toBe('locked');
    env.lifespan.clock.advance(1);
    expect(await attempts(path, env, 1, 'A')).toEqual(['wrong']);
    expect(await login('A')).toBe('ok');
    // the 3rd failure opened a new window: two more (without the success between) would be needed to lock A
    expect(await attempts(path, env, 1, 'A')).toEqual(['wrong']);
    expect(await attempts(path, env, 1, 'A')).toEqual(['wrong']);
    expect(await login('A')).toBe('ok');
  });

  it('the device lock lasts exactly 15 min: still locked at 15 min − 1 s, free at 15 min', async () => {
    env = await lockoutEnv();
    await lockDevice(path, env, 'A');
    env.lifespan.clock.advance(15 * MINUTE - 1);
    expect(await login('A')).toBe('locked');
    env.lifespan.clock.advance(1);
    expect(await login('A')).toBe('ok');
  });

  it('failures while the device is locked do not count, towards the device or the user', async () => {
    env = await lockoutEnv();
    await lockDevice(path, env, 'A');
    expect(await attempts(path, env, 5, 'A')).toEqual(Array(5).fill('locked'));
    env.lifespan.clock.advance(15 * MINUTE);
    expect(await attempts(path, env, 2, 'A')).toEqual(['wrong', 'wrong']);
    expect(await login('A')).toBe('ok');
    expect(await userView(env)).toMatchObject({ lockedForSecurityReasons: false, lockedUntil: null });
    expect(await allEvents(env.lifespan, { action: 'device.locked' })).toHaveLength(1);
  });

  it('a successful login resets the device failure counter', async () => {
    env = await lockoutEnv();
    expect(await attempts(path, env, 2, 'A')).toEqual(['wrong', 'wrong']);
    expect(await login('A')).toBe('ok');
    expect(await attempts(path, env, 2, 'A')).toEqual(['wrong', 'wrong']);
    expect(await login('A')).toBe('ok');
    expect(await attempts(path, env, 3, 'A')).toEqual(WRONG3);
    expect(await login('A')).toBe('locked');
  });

  it('A locked twice within a day locks the user for 3 d: lockedUntil = lock time + 3 d, every session and token ends, no device logs in', async () => {
    env = await lockoutEnv();
    const held = await holdEverything(env);
    await expectAllAlive(env, held);
    const lockedAt = await lockUser();

    expect(await userView(env)).toMatchObject({
      lockedForSecurityReasons: true,
      lockedUntil: iso(lockedAt + 3 * DAY * 1000),
    });
    await expectAllEnded(env, held);
    for (const other of LOGIN_PATHS) {
      for (const device of ['A', 'B', 'C'] as const) {
        const attempt = await other.login(env, 'alice', PASSWORD, device);
        expect(attempt.outcome, `${other.name} from ${device}`).toBe('locked');
      }
    }
    const userLocks = await allEvents(env.lifespan, { action: 'user.locked' });
    expect(userLocks).toHaveLength(1);
    expect(userLocks[0]).toMatchObject({
      at: iso(lockedAt),
      tenantId: 'acme',
      subject: env.userId,
      outcome: 'success',
    });
  });

  it('changing userLockDuration to 1 d moves lockedUntil to lock time + 1 d, and the lock ends there', async () => {
    env = await lockoutEnv();
    const lockedAt = await lockUser();
    env.lifespan.clock.advance(HOUR);
    const changed = await env.lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', {
      ...SEED_004,
      userLockDuration: '1d',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(await userView(env)).toMatchObject({
      lockedForSecurityReasons: true,
      lockedUntil: iso(lockedAt + DAY * 1000),
    });
    env.lifespan.clock.set(lockedAt + DAY * 1000 - 1000);
    expect(await login('B')).toBe('locked');
    expect((await userView(env)).lockedForSecurityReasons).toBe(true);
    env.lifespan.clock.advance(1);
    expect(await userView(env)).toMatchObject({ lockedForSecurityReasons: false, lockedUntil: null });
    expect(await login('B')).toBe('ok');
  });

  it('the user lock ends at exactly lockedUntil without an unlock; tokens it ended stay ended', async () => {
    env = await lockoutEnv();
    const before = await env.a.login('alice', PASSWORD, { device_id: 'phone-E' });
    const lockedAt = await lockUser();
    env.lifespan.clock.set(lockedAt + 3 * DAY * 1000 - 1000);
    expect(await login('B')).toBe('locked');
    expect(await userView(env)).toMatchObject({
      lockedForSecurityReasons: true,
      lockedUntil: iso(lockedAt + 3 * DAY * 1000),
    });
    env.lifespan.clock.advance(1);
    expect(await userView(env)).toMatchObject({ lockedForSecurityReasons: false, lockedUntil: null });
    expect(await login('B')).toBe('ok');
    expect(await login('A')).toBe('ok');
    const refreshed = await env.a.refresh(before.refresh_token ?? '');
    expect(refreshed.statusCode).toBe(400);
  });

  it('clearing lockedForSecurityReasons unlocks the user and its devices at once', async () => {
    env = await lockoutEnv();
    await lockUser();
    env.lifespan.clock.advance(MINUTE);
    const patched = await env.lifespan.admin('PATCH', `/admin/v1/users/${env.userId}`, {
      lockedForSecurityReasons: false,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ lockedForSecurityReasons: false, lockedUntil: null });
    expect(await userView(env)).toMatchObject({ lockedForSecurityReasons: false, lockedUntil: null });
    // A's device lock (14 min left) is cleared too
    expect(await login('A')).toBe('ok');
    expect(await login('B')).toBe('ok');
    const unlocks = await allEvents(env.lifespan, { action: 'user.unlocked' });
    expect(unlocks).toHaveLength(1);
  });

  it('device locks count towards the user within 1 d of the first: a lock at exactly 1 d starts a new count', async () => {
    env = await lockoutEnv();
    await lockDevice(path, env, 'A');
    env.lifespan.clock.advance(DAY);
    await lockDevice(path, env, 'B');
    expect(await userView(env)).toMatchObject({ lockedForSecurityReasons: false, lockedUntil: null });
    expect(await login('C')).toBe('ok');
    env.lifespan.clock.advance(DAY - 1);
    const lockedAt = env.lifespan.clock.now();
    await lockDevice(path, env, 'A');
    expect(await userView(env)).toMatchObject({
      lockedForSecurityReasons: true,
      lockedUntil: iso(lockedAt + 3 * DAY * 1000),
    });
    expect(await login('C')).toBe('locked');
  });

  it('an unknown username gets exactly the same answers as a known one at every step', async () => {
    env = await lockoutEnv();
    const steps: Array<{ device: 'A' | 'B' | 'C'; password: string; expected: string; advance?: number }> = [
      { device: 'A', password: WRONG_PASSWORD, expected: 'wrong' },
      { device: 'A', password: WRONG_PASSWORD, expected: 'wrong' },
      { device: 'A', password: WRONG_PASSWORD, expected: 'wrong' },
      { device: 'A', password: WRONG_PASSWORD, expected: 'locked' },
      { device: 'A', password: PASSWORD, expected: 'locked' },
      { device: 'B', password: WRONG_PASSWORD, expected: 'wrong' },
      { device: 'A', password: WRONG_PASSWORD, expected: 'wrong', advance: 15 * MINUTE },
      { device: 'A', password: WRONG_PASSWORD, expected: 'wrong' },
      // this one locks A a second time: the user (known or not) is locked
      { device: 'A', password: WRONG_PASSWORD, expected: 'wrong' },
      { device: 'B', password: WRONG_PASSWORD, expected: 'locked' },
      { device: 'C', password: PASSWORD, expected: 'locked' },
    ];
    for (const [index, step] of steps.entries()) {
      if (step.advance) env.lifespan.clock.advance(step.advance);
      const known = await path.login(env, 'alice', step.password, step.device);
      const unknown = await path.login(env, 'mallory', step.password, step.device);
      expect(known.outcome, `step ${index} (alice)`).toBe(step.expected);
      expect(unknown.seen, `step ${index}: mallory answers as alice`).toBe(known.seen);
    }
  });
});

describe('the device of a login', () => {
  let env: LockoutEnv;
  afterEach(() => env.lifespan.close());

  it('is the client address when the API sends no device_id: the API and the login pages share its count', async () => {
    env = await lockoutEnv();
    const address = DEVICES.D;
    const apiFrom = (password: string, deviceId?: string) =>
      env.lifespan.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: address,
        payload: {
          client_id: 'app',
          username: 'alice',
          password,
          ...(deviceId !== undefined && { device_id: deviceId }),
        },
      });
    expect((await loginPage.login(env, 'alice', WRONG_PASSWORD, 'D')).outcome).toBe('wrong');
    expect((await deviceLogin.login(env, 'alice', WRONG_PASSWORD, 'D')).outcome).toBe('wrong');
    const third = await apiFrom(WRONG_PASSWORD);
    expect(third.statusCode).toBe(400);
    expect(third.json().error_description).toBe('invalid username or password');
    // the address is locked, on every path that counts it
    const locked = await apiFrom(PASSWORD);
    expect(locked.statusCode).toBe(400);
    expect(locked.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'too many failed logins: try again later',
    });
    expect((await loginPage.login(env, 'alice', PASSWORD, 'D')).outcome).toBe('locked');
    expect((await deviceLogin.login(env, 'alice', PASSWORD, 'D')).outcome).toBe('locked');
    // a device_id is another device, even from the same address
    expect((await apiFrom(PASSWORD, 'phone-D')).statusCode).toBe(200);
    const locks = await allEvents(env.lifespan, { action: 'device.locked' });
    expect(locks.map((event) => event.details.device)).toEqual([address]);
  });

  it('named by device_id does not lock the client address', async () => {
    env = await lockoutEnv();
    await lockDevice(firstPartyApi, env, 'A');
    expect((await firstPartyApi.login(env, 'alice', PASSWORD, 'A')).outcome).toBe('locked');
    // the API calls came from API_ADDRESS: the login page from that address is not locked
    const browser = new Browser(env.lifespan, API_ADDRESS);
    expect((await authorizeLogin(browser, 'alice', PASSWORD)).outcome).toBe('ok');
  });
});

describe('lockout settings', () => {
  let env: LockoutEnv;
  afterEach(() => env.lifespan.close());

  it('defaults: a device locks after 5 failures for 15 min; the user is never locked', async () => {
    env = await lockoutEnv({});
    for (const device of ['A', 'B', 'C'] as const) {
      expect(await attempts(firstPartyApi, env, 6, device)).toEqual([...Array(5).fill('wrong'), 'locked']);
    }
    expect((await firstPartyApi.login(env, 'alice', PASSWORD, 'D')).outcome).toBe('ok');
    expect(await userView(env)).toMatchObject({ lockedForSecurityReasons: false, lockedUntil: null });
    env.lifespan.clock.advance(15 * MINUTE - 1);
    expect((await firstPartyApi.login(env, 'alice', PASSWORD, 'A')).outcome).toBe('locked');
    env.lifespan.clock.advance(1);
    expect((await firstPartyApi.login(env, 'alice', PASSWORD, 'A')).outcome).toBe('ok');
  });

  it('the default failure window is 15 min', async () => {
    env = await lockoutEnv({});
    expect(await attempts(firstPartyApi, env, 4, 'A')).toEqual(Array(4).fill('wrong'));
    env.lifespan.clock.advance(15 * MINUTE - 1);
    expect(await attempts(firstPartyApi, env, 2, 'A')).toEqual(['wrong', 'locked']);
    expect(await attempts(firstPartyApi, env, 4, 'B')).toEqual(Array(4).fill('wrong'));
    env.lifespan.clock.advance(15 * MINUTE);
    expect(await attempts(firstPartyApi, env, 2, 'B')).toEqual(['wrong', 'wrong']);
  });

  it('deviceMaxFailures "none" never locks a device', async () => {
    env = await lockoutEnv({ ...SEED_004, deviceMaxFailures: 'none' });
    expect(await attempts(firstPartyApi, env, 12, 'A')).toEqual(Array(12).fill('wrong'));
    expect((await firstPartyApi.login(env, 'alice', PASSWORD, 'A')).outcome).toBe('ok');
    expect(await allEvents(env.lifespan, { action: 'device.locked' })).toEqual([]);
  });

  it('durations in other units apply: deviceLockDuration "1h"', async () => {
    env = await lockoutEnv({ ...SEED_004, deviceLockDuration: '1h' });
    await lockDevice(firstPartyApi, env, 'A');
    env.lifespan.clock.advance(3600 - 1);
    expect((await firstPartyApi.login(env, 'alice', PASSWORD, 'A')).outcome).toBe('locked');
    env.lifespan.clock.advance(1);
    expect((await firstPartyApi.login(env, 'alice', PASSWORD, 'A')).outcome).toBe('ok');
  });
});

describe('a user lock ends what the user started before it', () => {
  let env: LockoutEnv;
  afterEach(() => env.lifespan.close());

  /** alice's user locked through the API at once (phone-A and phone-B locked): codes have not expired. */
  async function lockAlice() {
    await lockDevice(firstPartyApi, env, 'A');
    await lockDevice(firstPartyApi, env, 'B');
    expect((await userView(env)).lockedForSecurityReasons).toBe(true);
    env.lifespan.clock.advance(1);
  }

  it('an authorization code issued before the lock is not exchanged after it', async () => {
    env = await lockoutEnv();
    const browser = new Browser(env.lifespan, DEVICES.B);
    const login = await authorizeLogin(browser, 'alice', PASSWORD);
    expect(login.outcome).toBe('ok');
    const code = new URL(String(login.response.headers.location)).searchParams.get('code') ?? '';
    await lockAlice();
    const exchanged = await env.lifespan.form(
      '/oauth2/token',
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: VERIFIER },
      basic(env.web.clientId, env.web.secret),
    );
    if (exchanged.statusCode === 200) {
      const active = await env.a.active(exchanged.json().access_token);
      expect.fail(`the code gave tokens after the lock (access token active: ${active})`);
    }
    expect(exchanged.statusCode).toBe(400);
    expect(exchanged.json().error).toBe('invalid_grant');
  });

  it('a device code approved before the lock gives no tokens after it', async () => {
    env = await lockoutEnv();
    const browser = new Browser(env.lifespan, DEVICES.B);
    const { deviceCode, page } = await deviceLoginPage(env, browser);
    const decision = await browser.post('/device/login', {
      ...hiddenFields(page.body),
      username: 'alice',
      password: PASSWORD,
    });
    expect(decision.statusCode).toBe(200);
    const approved = await browser.post('/device/decision', {
      ...hiddenFields(decision.body),
      decision: 'approve',
    });
    expect(approved.statusCode).toBe(200);
    await lockAlice();
    const polled = await env.lifespan.form(
      '/oauth2/token',
      { grant_type: DEVICE_GRANT, device_code: deviceCode },
      basic(env.tv.clientId, env.tv.secret),
    );
    if (polled.statusCode === 200) {
      const active = await env.a.active(polled.json().access_token);
      expect.fail(`the device code gave tokens after the lock (access token active: ${active})`);
    }
    expect(polled.statusCode).toBe(400);
    expect(polled.json().error).toBe('invalid_grant');
  });

  it('a device login made before the lock cannot approve the device after it', async () => {
    env = await lockoutEnv();
    const browser = new Browser(env.lifespan, DEVICES.B);
    const { deviceCode, page } = await deviceLoginPage(env, browser);
    const decision = await browser.post('/device/login', {
      ...hiddenFields(page.body),
      username: 'alice',
      password: PASSWORD,
    });
    expect(decision.statusCode).toBe(200);
    await lockAlice();
    const approved = await browser.post('/device/decision', {
      ...hiddenFields(decision.body),
      decision: 'approve',
    });
    expect(approved.statusCode).toBe(400);
    const polled = await env.lifespan.form(
      '/oauth2/token',
      { grant_type: DEVICE_GRANT, device_code: deviceCode },
      basic(env.tv.clientId, env.tv.secret),
    );
    expect(polled.json().error).toBe('authorization_pending');
  });
});

describe('what a lock covers', () => {
  let env: LockoutEnv;
  afterEach(() => env.lifespan.close());

  it('a device is locked for one username of one tenant: bob, and alice of another tenant, log in from it', async () => {
    env = await lockoutEnv();
    await env.a.createUser({ username: 'bob' });
    await env.lifespan.admin('POST', '/admin/v1/tenants', { id: 'other', name: 'Other' });
    const otherApp = await env.lifespan.admin('POST', '/admin/v1/clients', {
      id: 'other-app',
      tenantId: 'other',
      name: 'Other App',
      firstParty: true,
      grantTypes: ['refresh_token'],
      scopes: ['read'],
      tokenEndpointAuthMethod: 'none',
    });
    expect(otherApp.statusCode, otherApp.body).toBe(201);
    const otherAlice = await env.lifespan.admin('POST', '/admin/v1/users', {
      tenantId: 'other',
      username: 'alice',
      password: PASSWORD,
    });
    expect(otherAlice.statusCode).toBe(201);
    await env.lifespan.admin('PUT', '/admin/v1/tenants/other/policy', SEED_004);

    await lockDevice(firstPartyApi, env, 'A');
    expect((await firstPartyApi.login(env, 'alice', PASSWORD, 'A')).outcome).toBe('locked');
    expect((await firstPartyApi.login(env, 'bob', PASSWORD, 'A')).outcome).toBe('ok');
    const other = await env.lifespan.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { client_id: 'other-app', username: 'alice', password: PASSWORD, device_id: 'phone-A' },
    });
    expect(other.statusCode, other.body).toBe(200);
    // and a user lock of alice in acme leaves alice in other alone
    env.lifespan.clock.advance(15 * MINUTE);
    await lockDevice(firstPartyApi, env, 'A');
    expect((await userView(env)).lockedForSecurityReasons).toBe(true);
    const stillOther = await env.lifespan.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { client_id: 'other-app', username: 'alice', password: PASSWORD, device_id: 'phone-B' },
    });
    expect(stillOther.statusCode, stillOther.body).toBe(200);
    const otherView = await env.lifespan.admin('GET', `/admin/v1/users/${otherAlice.json().id}`);
    expect(otherView.json()).toMatchObject({ lockedForSecurityReasons: false, lockedUntil: null });
  });

  it('the user list shows the lock as the user view does', async () => {
    env = await lockoutEnv();
    await lockDevice(firstPartyApi, env, 'A');
    env.lifespan.clock.advance(15 * MINUTE);
    const lockedAt = env.lifespan.clock.now();
    await lockDevice(firstPartyApi, env, 'A');
    const list = await env.lifespan.admin('GET', '/admin/v1/users?tenantId=acme');
    expect(list.statusCode).toBe(200);
    const items = list.json().items as Array<{ id: string } & UserView>;
    expect(items.find((user) => user.id === env.userId)).toMatchObject({
      lockedForSecurityReasons: true,
      lockedUntil: iso(lockedAt + 3 * DAY * 1000),
    });
  });
});
