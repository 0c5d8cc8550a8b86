import type { FailureOutcome, LockoutRepository, LockoutRule } from '../../ports/lockout-repository.ts';
import type { Clock, Instant } from '../clock.ts';
import type { PolicyResolver } from '../policy/policy-resolver.ts';
import type { User } from './user.ts';

/** What a locked login is told: the same for known and unknown usernames. */
export const LOCKED_OUT = 'too many failed logins: try again later';

export interface UserLock {
  lockedAt: Instant;
  /** Lock time + the current `userLockDuration`: a parameter change moves it (seed 004). */
  lockedUntil: Instant;
}

/** One device's standing for a username: failures counted in its current window, and its lock while it lasts. */
export interface DeviceLock {
  /** The login's device_id, or the client address. */
  deviceId: string;
  failures: number;
  lockedAt: Instant | null;
  /** Lock time + the current `deviceLockDuration`; null when the device is not locked. */
  lockedUntil: Instant | null;
}

/** Byte order, the same whatever the store (a database collation may differ). */
const byDeviceId = (a: DeviceLock, b: DeviceLock): number =>
  a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0;

/**
 * Seed 004's brute-force lockout: a device (the login's device_id, or the client address) is locked after
 * `deviceMaxFailures` failures within `deviceFailureWindow`, for `deviceLockDuration`; a user whose devices were
 * locked `userMaxDeviceLocks` times within `userDeviceLockWindow` is locked for `userLockDuration`. The rule is the
 * policy of the tenant (and of the user's class and overrides, when the username is known).
 */
export class Lockout {
  constructor(
    private readonly clock: Clock,
    private readonly lockouts: LockoutRepository,
    private readonly resolver: PolicyResolver,
  ) {}

  async rule(tenantId: string, user: User | undefined): Promise<LockoutRule> {
    const { settings } = await this.resolver.resolve({
      tenantId,
      subjectClass: user?.subjectClass ?? 'user',
      scopes: [],
      user: user && { id: user.id, policy: user.policy },
    });
    return {
      deviceMaxFailures: settings.deviceMaxFailures,
      deviceFailureWindow: settings.deviceFailureWindow * 1000,
      deviceLockDuration: settings.deviceLockDuration * 1000,
      userMaxDeviceLocks: settings.userMaxDeviceLocks,
      userDeviceLockWindow: settings.userDeviceLockWindow * 1000,
      userLockDuration: settings.userLockDuration * 1000,
    };
  }

  /** True while the device is locked for this username, or the username is locked anywhere. */
  async locked(tenantId: string, username: string, deviceId: string, rule: LockoutRule): Promise<boolean> {
    const { deviceLockedAt, userLockedAt } = await this.lockouts.state(tenantId, username, deviceId);
    const now = this.clock.now();
    return (
      (deviceLockedAt !== null && now < deviceLockedAt + rule.deviceLockDuration) ||
      (userLockedAt !== null && now < userLockedAt + rule.userLockDuration)
    );
  }

  failed(tenantId: string, username: string, deviceId: string, rule: LockoutRule): Promise<FailureOutcome> {
    return this.lockouts.recordFailure(tenantId, username, deviceId, this.clock.now(), rule);
  }

  succeeded(tenantId: string, username: string, deviceId: string): Promise<void> {
    return this.lockouts.clearFailures(tenantId, username, deviceId);
  }

  /** The user's lock while it lasts. */
  async userLock(user: User): Promise<UserLock | undefined> {
    if (user.username === null) return undefined;
    const lockedAt = await this.lockouts.userLockedAt(user.tenantId, user.username);
    if (lockedAt === null) return undefined;
    const lockedUntil = lockedAt + (await this.rule(user.tenantId, user)).userLockDuration;
    return this.clock.now() < lockedUntil ? { lockedAt, lockedUntil } : undefined;
  }

  /**
   * The devices of the user's username that count now: locked, or with failures in their current window. What
   * the counters hold, judged by the current rule (as a login would be).
   */
  async deviceLocks(user: User): Promise<DeviceLock[]> {
    if (user.username === null) return [];
    const [records, rule] = await Promise.all([
      this.lockouts.devices(user.tenantId, user.username),
      this.rule(user.tenantId, user),
    ]);
    const now = this.clock.now();
    const counting: DeviceLock[] = [];
    for (const record of records) {
      const lockEnd = record.lockedAt === null ? null : record.lockedAt + rule.deviceLockDuration;
      const locked = lockEnd !== null && now < lockEnd;
      // a window counts while it is open: it restarts once deviceFailureWindow has passed since its first failure
      const windowOpen =
        record.windowStartedAt !== null && now - record.windowStartedAt < rule.deviceFailureWindow;
      const failures = windowOpen ? record.failures : 0;
      if (!locked && failures === 0) continue;
      counting.push({
        deviceId: record.deviceId,
        failures,
        lockedAt: locked ? record.lockedAt : null,
        lockedUntil: locked ? lockEnd : null,
      });
    }
    return counting.sort(byDeviceId);
  }

  /** An administrator's unlock: the user and every device for the username. */
  async unlock(user: User): Promise<void> {
    if (user.username !== null) await this.lockouts.unlockUser(user.tenantId, user.username);
  }
}
