import { afterEach, describe, expect, it } from 'vitest';
import {
  allEvents,
  DAY,
  type Device,
  iso,
  LOGIN_PATHS,
  type LockoutEnv,
  lockDevice,
  lockoutEnv,
  PASSWORD,
  SEED_004,
  userView,
  WRONG_PASSWORD,
} from './lockout-support.ts';

const PER_DEVICE = 7;

describe.each(LOGIN_PATHS)('concurrent wrong passwords through the $name', (path) => {
  let env: LockoutEnv;
  afterEach(() => env.lifespan.close());

  /** PER_DEVICE wrong-password logins per device, all fired at once and interleaved; outcomes per device. */
  async function burst(devices: Device[]): Promise<Map<Device, string[]>> {
    const requests = Array.from({ length: PER_DEVICE }, () => devices).flat();
    const answers = await Promise.all(
      requests.map(async (device) => ({
        device,
        outcome: (await path.login(env, 'alice', WRONG_PASSWORD, device)).outcome,
      })),
    );
    const byDevice = new Map<Device, string[]>(devices.map((device) => [device, []]));
    for (const { device, outcome } of answers) byDevice.get(device)?.push(outcome);
    return byDevice;
  }

  /** Exactly deviceMaxFailures (3) wrong-password answers per device, the rest locked, whatever the order. */
  function expectExactLockPoint(byDevice: Map<Device, string[]>) {
    for (const [device, outcomes] of byDevice) {
      const count = (outcome: string) => outcomes.filter((o) => o === outcome).length;
      expect(
        { device, wrong: count('wrong'), locked: count('locked'), total: outcomes.length },
        outcomes.join(', '),
      ).toEqual({ device, wrong: 3, locked: PER_DEVICE - 3, total: PER_DEVICE });
    }
  }

  async function expectOneLockPerDevice(devices: Device[]) {
    const locks = await allEvents(env.lifespan, { action: 'device.locked' });
    expect(locks.map((event) => event.details.device).sort()).toEqual(
      devices.map((device) => path.deviceId(device)).sort(),
    );
  }

  it('each device answers exactly 3 wrong passwords and then locked, and locks once; 3 device locks of 4 leave the user unlocked, the 4th locks it', async () => {
    env = await lockoutEnv({ ...SEED_004, userMaxDeviceLocks: 4 });
    const devices: Device[] = ['A', 'B', 'C'];
    expectExactLockPoint(await burst(devices));
    await expectOneLockPerDevice(devices);
    // exactly three device locks were counted: not enough for the user
    expect(await userView(env)).toMatchObject({ lockedForSecurityReasons: false, lockedUntil: null });
    expect(await allEvents(env.lifespan, { action: 'user.locked' })).toEqual([]);
    expect((await path.login(env, 'alice', PASSWORD, 'D')).outcome).toBe('ok');
    // the fourth is exactly the lock point
    const lockedAt = env.lifespan.clock.now();
    await lockDevice(path, env, 'E');
    expect(await userView(env)).toMatchObject({
      lockedForSecurityReasons: true,
      lockedUntil: iso(lockedAt + 3 * DAY * 1000),
    });
    expect(await allEvents(env.lifespan, { action: 'user.locked' })).toHaveLength(1);
  });

  it('the user is locked exactly once, by the request whose device lock reaches userMaxDeviceLocks', async () => {
    env = await lockoutEnv({ ...SEED_004, userMaxDeviceLocks: 3 });
    const lockedAt = env.lifespan.clock.now();
    const devices: Device[] = ['A', 'B', 'C'];
    expectExactLockPoint(await burst(devices));
    await expectOneLockPerDevice(devices);
    const userLocks = await allEvents(env.lifespan, { action: 'user.locked' });
    expect(userLocks).toHaveLength(1);
    const deviceLocks = await allEvents(env.lifespan, { action: 'device.locked' });
    // the user lock comes from one of the requests that locked a device
    expect(deviceLocks.map((event) => event.requestId)).toContain(userLocks[0]?.requestId);
    expect(await userView(env)).toMatchObject({
      lockedForSecurityReasons: true,
      lockedUntil: iso(lockedAt + 3 * DAY * 1000),
    });
    expect((await path.login(env, 'alice', PASSWORD, 'D')).outcome).toBe('locked');
  });
});
