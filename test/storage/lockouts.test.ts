/** Contract: brute-force lockout counters, in SQL and in Redis; exact lock points under concurrency. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FailureOutcome, LockoutRepository, LockoutRule } from '../../src/ports/lockout-repository.ts';
import { type LockoutStore, lockoutBackends } from './backends.ts';
import { burst, MINUTE, T, tally } from './fixtures.ts';

// windows and locks long enough that Redis key expiry (which follows the wall clock) never interferes
const RULE: LockoutRule = {
  deviceMaxFailures: 3,
  deviceFailureWindow: 10 * MINUTE,
  deviceLockDuration: 15 * MINUTE,
  userMaxDeviceLocks: 2,
  userDeviceLockWindow: 60 * MINUTE,
  userLockDuration: 120 * MINUTE,
};

const COUNTED = { alreadyLocked: false, deviceLocked: false, userLocked: false };
const DEVICE_LOCKED = { alreadyLocked: false, deviceLocked: true, userLocked: false };
const USER_LOCKED = { alreadyLocked: false, deviceLocked: true, userLocked: true };
const ALREADY_LOCKED = { alreadyLocked: true, deviceLocked: false, userLocked: false };

const label = (outcome: FailureOutcome) =>
  outcome.alreadyLocked
    ? 'alreadyLocked'
    : outcome.userLocked
      ? 'userLocked'
      : outcome.deviceLocked
        ? 'deviceLocked'
        : 'counted';

describe.each(lockoutBackends)('lockouts ($name)', (backend) => {
  let store: LockoutStore;
  let lockouts: LockoutRepository;
  beforeEach(async () => {
    store = await backend.open();
    lockouts = store.lockouts;
  });
  afterEach(() => store.close());

  const fail = (
    at: number,
    device = 'device-a',
    rule: LockoutRule = RULE,
    username = 'alice',
    tenantId = 'acme',
  ) => lockouts.recordFailure(tenantId, username, device, at, rule);

  it('a fresh username and device have no locks', async () => {
    expect(await lockouts.state('acme', 'alice', 'device-a')).toEqual({
      deviceLockedAt: null,
      userLockedAt: null,
    });
    expect(await lockouts.userLockedAt('acme', 'alice')).toBeNull();
  });

  it('failures within the window count; the maxFailures-th locks the device', async () => {
    expect(await fail(T)).toEqual(COUNTED);
    expect(await fail(T + 1)).toEqual(COUNTED);
    expect(await lockouts.state('acme', 'alice', 'device-a')).toEqual({
      deviceLockedAt: null,
      userLockedAt: null,
    });
    expect(await fail(T + RULE.deviceFailureWindow - 1)).toEqual(DEVICE_LOCKED);
    expect(await lockouts.state('acme', 'alice', 'device-a')).toEqual({
      deviceLockedAt: T + RULE.deviceFailureWindow - 1,
      userLockedAt: null,
    });
  });

  it('the window restarts once it has passed since its first failure', async () => {
    expect(await fail(T)).toEqual(COUNTED);
    expect(await fail(T + 1)).toEqual(COUNTED);
    const restart = T + RULE.deviceFailureWindow;
    expect(await fail(restart)).toEqual(COUNTED);
    expect(await fail(restart + 1)).toEqual(COUNTED);
    expect(await fail(restart + 2)).toEqual(DEVICE_LOCKED);
  });

  it('while the device is locked failures are alreadyLocked and do not count; after the lock they count from one', async () => {
    const fail = (at: number) =>
      lockouts.recordFailure('acme', 'alice', 'device-a', at, { ...RULE, userMaxDeviceLocks: 'none' });
    await fail(T);
    await fail(T + 1);
    expect(await fail(T + 2)).toEqual(DEVICE_LOCKED);
    expect(await fail(T + 3)).toEqual(ALREADY_LOCKED);
    expect(await fail(T + 2 + RULE.deviceLockDuration - 1)).toEqual(ALREADY_LOCKED);
    expect((await lockouts.state('acme', 'alice', 'device-a')).deviceLockedAt).toBe(T + 2);
    const after = T + 2 + RULE.deviceLockDuration;
    expect(await fail(after)).toEqual(COUNTED);
    expect((await lockouts.state('acme', 'alice', 'device-a')).deviceLockedAt).toBeNull();
    expect(await fail(after + 1)).toEqual(COUNTED);
    expect(await fail(after + 2)).toEqual(DEVICE_LOCKED);
  });

  it('counters are per tenant, username and device', async () => {
    await fail(T);
    await fail(T + 1);
    expect(await fail(T + 2, 'device-b')).toEqual(COUNTED);
    expect(await fail(T + 2, 'device-a', RULE, 'bob')).toEqual(COUNTED);
    expect(await fail(T + 2, 'device-a', RULE, 'alice', 'globex')).toEqual(COUNTED);
    expect(await fail(T + 3)).toEqual(DEVICE_LOCKED);
    expect((await lockouts.state('acme', 'alice', 'device-b')).deviceLockedAt).toBeNull();
    expect((await lockouts.state('acme', 'bob', 'device-a')).deviceLockedAt).toBeNull();
    expect((await lockouts.state('globex', 'alice', 'device-a')).deviceLockedAt).toBeNull();
  });

  it('the user locks at maxDeviceLocks device locks within the window; userLockedAt and state show it', async () => {
    for (const at of [T, T + 1]) await fail(at, 'device-a');
    expect(await fail(T + 2, 'device-a')).toEqual(DEVICE_LOCKED);
    expect(await lockouts.userLockedAt('acme', 'alice')).toBeNull();
    for (const at of [T + 10, T + 11]) await fail(at, 'device-b');
    expect(await fail(T + 12, 'device-b')).toEqual(USER_LOCKED);
    expect(await lockouts.userLockedAt('acme', 'alice')).toBe(T + 12);
    expect(await lockouts.state('acme', 'alice', 'device-b')).toEqual({
      deviceLockedAt: T + 12,
      userLockedAt: T + 12,
    });
    expect(await lockouts.state('acme', 'alice', 'device-c')).toEqual({
      deviceLockedAt: null,
      userLockedAt: T + 12,
    });
    expect(await lockouts.userLockedAt('acme', 'bob')).toBeNull();
    // while the user is locked a further device lock does not lock it again
    for (const at of [T + 20, T + 21]) await fail(at, 'device-c');
    expect(await fail(T + 22, 'device-c')).toEqual(DEVICE_LOCKED);
    expect(await lockouts.userLockedAt('acme', 'alice')).toBe(T + 12);
  });

  it('device locks further apart than the user window do not add up', async () => {
    for (const at of [T, T + 1, T + 2]) await fail(at, 'device-a');
    const later = T + 2 + RULE.userDeviceLockWindow;
    await fail(later, 'device-b');
    await fail(later + 1, 'device-b');
    expect(await fail(later + 2, 'device-b')).toEqual(DEVICE_LOCKED);
    expect(await lockouts.userLockedAt('acme', 'alice')).toBeNull();
    await fail(later + 3, 'device-c');
    await fail(later + 4, 'device-c');
    expect(await fail(later + 5, 'device-c')).toEqual(USER_LOCKED);
  });

  it('deviceMaxFailures none: failures never lock', async () => {
    const rule = { ...RULE, deviceMaxFailures: 'none' } as const;
    for (let i = 0; i < 12; i++) expect(await fail(T + i, 'device-a', rule)).toEqual(COUNTED);
    expect(await lockouts.state('acme', 'alice', 'device-a')).toEqual({
      deviceLockedAt: null,
      userLockedAt: null,
    });
  });

  it('userMaxDeviceLocks none: device locks never lock the user', async () => {
    const rule = { ...RULE, userMaxDeviceLocks: 'none' } as const;
    for (const device of ['a', 'b', 'c', 'd', 'e']) {
      await fail(T, device, rule);
      await fail(T + 1, device, rule);
      expect(await fail(T + 2, device, rule)).toEqual(DEVICE_LOCKED);
    }
    expect(await lockouts.userLockedAt('acme', 'alice')).toBeNull();
  });

  it('clearFailures restarts the count and keeps a lock', async () => {
    await fail(T);
    await fail(T + 1);
    await lockouts.clearFailures('acme', 'alice', 'device-a');
    expect(await fail(T + 2)).toEqual(COUNTED);
    expect(await fail(T + 3)).toEqual(COUNTED);
    expect(await fail(T + 4)).toEqual(DEVICE_LOCKED);
    await lockouts.clearFailures('acme', 'alice', 'device-a');
    expect((await lockouts.state('acme', 'alice', 'device-a')).deviceLockedAt).toBe(T + 4);
    expect(await fail(T + 5)).toEqual(ALREADY_LOCKED);
    await lockouts.clearFailures('acme', 'alice', 'device-unknown');
    expect(await lockouts.state('acme', 'alice', 'device-unknown')).toEqual({
      deviceLockedAt: null,
      userLockedAt: null,
    });
  });

  it('unlockUser ends the user lock and the lock of every device of the username, and restarts their counts', async () => {
    for (const device of ['device-a', 'device-b']) for (const at of [T, T + 1, T + 2]) await fail(at, device);
    await fail(T + 3, 'device-c');
    await fail(T + 4, 'device-c');
    await fail(T + 5, 'device-a', RULE, 'bob');
    await fail(T + 6, 'device-a', RULE, 'bob');
    await fail(T + 7, 'device-a', RULE, 'bob');
    expect(await lockouts.userLockedAt('acme', 'alice')).toBe(T + 2);
    await lockouts.unlockUser('acme', 'alice');
    expect(await lockouts.userLockedAt('acme', 'alice')).toBeNull();
    for (const device of ['device-a', 'device-b', 'device-c']) {
      expect(await lockouts.state('acme', 'alice', device)).toEqual({
        deviceLockedAt: null,
        userLockedAt: null,
      });
    }
    expect(await fail(T + 10, 'device-a')).toEqual(COUNTED);
    expect(await fail(T + 11, 'device-c')).toEqual(COUNTED);
    expect(await fail(T + 12, 'device-c')).toEqual(COUNTED);
    // bob is not alice
    expect((await lockouts.state('acme', 'bob', 'device-a')).deviceLockedAt).toBe(T + 7);
  });

  it('userLockedAt stays the lock instant after the lock has ended', async () => {
    for (const device of ['device-a', 'device-b']) for (const at of [T, T + 1, T + 2]) await fail(at, device);
    expect(await lockouts.userLockedAt('acme', 'alice')).toBe(T + 2);
    await fail(T + 2 + RULE.userLockDuration + 1, 'device-c');
    expect(await lockouts.userLockedAt('acme', 'alice')).toBe(T + 2);
  });

  it('30 concurrent failures of one device (deviceMaxFailures 3) from two instances: exactly one locks, the later ones are alreadyLocked', async () => {
    const rule = { ...RULE, userMaxDeviceLocks: 'none' } as const;
    const outcomes = await burst(30, [store.lockouts, store.other], (repository) =>
      repository.recordFailure('acme', 'alice', 'device-a', T, rule),
    );
    expect(tally(outcomes, label)).toEqual({ counted: 2, deviceLocked: 1, alreadyLocked: 27 });
    expect((await lockouts.state('acme', 'alice', 'device-a')).deviceLockedAt).toBe(T);
  });

  it('30 concurrent failures at increasing instants: the lock is the third, whatever the order', async () => {
    const rule = { ...RULE, userMaxDeviceLocks: 'none' } as const;
    const outcomes = await burst(30, [store.lockouts, store.other], (repository, i) =>
      repository.recordFailure('acme', 'alice', 'device-a', T + i, rule),
    );
    expect(tally(outcomes, label)).toEqual({ counted: 2, deviceLocked: 1, alreadyLocked: 27 });
  });

  it('10 concurrent failures on each of 3 devices (userMaxDeviceLocks 3): one lock per device, exactly one user lock', async () => {
    const rule = { ...RULE, userMaxDeviceLocks: 3 } as const;
    const devices = ['device-a', 'device-b', 'device-c'];
    const outcomes = await burst(30, [store.lockouts, store.other], (repository, i) =>
      repository.recordFailure('acme', 'alice', devices[i % 3] ?? 'device-a', T, rule),
    );
    expect(tally(outcomes, label)).toEqual({ counted: 6, deviceLocked: 2, userLocked: 1, alreadyLocked: 21 });
    for (const device of devices) {
      expect(await lockouts.state('acme', 'alice', device)).toEqual({ deviceLockedAt: T, userLockedAt: T });
    }
  });
});
