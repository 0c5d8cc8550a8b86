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

  /** An administrator's unlock: the user and every device for the username. */
  async unlock(user: User): Promise<void> {
    if (user.username !== null) await this.lockouts.unlockUser(user.tenantId, user.username);
  }
}
