/**
 * GET /admin/v1/users/{id}/lock: the user's brute-force lock and the devices behind it (seed 004), exactly as
 * the lockout counters hold them; PATCH lockedForSecurityReasons false ends it all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectProblem } from '../bad-input/support.ts';
import {
  allEvents,
  attempts,
  DEVICES,
  firstPartyApi,
  iso,
  type LockoutEnv,
  lockoutEnv,
  loginPage,
  MINUTE,
  PASSWORD,
  SEED_004,
} from '../lifecycle/lockout-support.ts';

const NOT_LOCKED = { lockedForSecurityReasons: false, lockedAt: null, lockedUntil: null, deviceLocks: [] };
const DAY_MS = 86_400_000;

describe("a user's lock and the device locks behind it", () => {
  let env: LockoutEnv;
  afterEach(() => env.lifespan.close());

  const lockState = async (userId = env.userId) => {
    const response = await env.lifespan.admin('GET', `/admin/v1/users/${userId}/lock`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    return response.json() as unknown;
  };

  it('counts failures per device, shows each device lock with its end, then the user lock; an unlock clears them', async () => {
    env = await lockoutEnv();
    expect(await lockState()).toEqual(NOT_LOCKED);

    expect(await attempts(firstPartyApi, env, 2, 'A')).toEqual(['wrong', 'wrong']);
    expect(await attempts(loginPage, env, 1, 'B')).toEqual(['wrong']);
    expect(await lockState()).toEqual({
      ...NOT_LOCKED,
      deviceLocks: [
        { device: DEVICES.B, failures: 1, lockedAt: null, lockedUntil: null },
        { device: 'phone-A', failures: 2, lockedAt: null, lockedUntil: null },
      ],
    });

    env.lifespan.clock.advance(MINUTE);
    const firstLock = env.lifespan.clock.now();
    expect(await attempts(firstPartyApi, env, 1, 'A')).toEqual(['wrong']);
    expect(await lockState()).toEqual({
      ...NOT_LOCKED,
      deviceLocks: [
        { device: DEVICES.B, failures: 1, lockedAt: null, lockedUntil: null },
        {
          device: 'phone-A',
          failures: 0,
          lockedAt: iso(firstLock),
          lockedUntil: iso(firstLock + 15 * MINUTE * 1000),
        },
      ],
    });

    // B's failure window (10 min from its failure) closes; A's device lock (15 min) ends; A is locked again
    env.lifespan.clock.set(firstLock + 15 * MINUTE * 1000);
    expect(await lockState()).toEqual(NOT_LOCKED);
    const userLock = env.lifespan.clock.now();
    expect(await attempts(firstPartyApi, env, 3, 'A')).toEqual(['wrong', 'wrong', 'wrong']);
    const locked = {
      lockedForSecurityReasons: true,
      lockedAt: iso(userLock),
      lockedUntil: iso(userLock + 3 * DAY_MS),
      deviceLocks: [
        {
          device: 'phone-A',
          failures: 0,
          lockedAt: iso(userLock),
          lockedUntil: iso(userLock + 15 * MINUTE * 1000),
        },
      ],
    };
    expect(await lockState()).toEqual(locked);
    const user = (await env.lifespan.admin('GET', `/admin/v1/users/${env.userId}`)).json();
    expect(user).toMatchObject({ lockedForSecurityReasons: true, lockedUntil: iso(userLock + 3 * DAY_MS) });
    expect(await attempts(firstPartyApi, env, 1, 'C', PASSWORD)).toEqual(['locked']);

    const unlocked = await env.lifespan.admin('PATCH', `/admin/v1/users/${env.userId}`, {
      lockedForSecurityReasons: false,
    });
    expect(unlocked.statusCode).toBe(200);
    expect(await lockState()).toEqual(NOT_LOCKED);
    expect(await attempts(firstPartyApi, env, 1, 'A', PASSWORD)).toEqual(['ok']);
    const events = await allEvents(env.lifespan, { subject: env.userId });
    expect(events.map((e) => e.action)).toContain('user.unlocked');
  });

  it("a device's lock follows the current deviceLockDuration, as a login judges it", async () => {
    env = await lockoutEnv();
    const lockedAt = env.lifespan.clock.now();
    expect(await attempts(firstPartyApi, env, 3, 'A')).toEqual(['wrong', 'wrong', 'wrong']);
    const saved = await env.lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', {
      ...SEED_004,
      deviceLockDuration: '1h',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(await lockState()).toEqual({
      ...NOT_LOCKED,
      deviceLocks: [
        {
          device: 'phone-A',
          failures: 0,
          lockedAt: iso(lockedAt),
          lockedUntil: iso(lockedAt + 60 * MINUTE * 1000),
        },
      ],
    });
  });

  it('a user without a username has no lock; an unknown user is 404 problem+json', async () => {
    env = await lockoutEnv();
    const anonymous = await env.a.createUser({ username: undefined, password: undefined });
    expect(await lockState(anonymous.id)).toEqual(NOT_LOCKED);
    expectProblem(await env.lifespan.admin('GET', '/admin/v1/users/no-such-user/lock'), {
      type: 'urn:lifespan:problem:not-found',
      title: 'Not Found',
      status: 404,
      detail: 'user no-such-user does not exist',
    });
  });
});
