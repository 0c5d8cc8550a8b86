import type { Instant } from '../domain/clock.ts';
import type { Count } from '../domain/policy/settings.ts';

/** Seed 004's six parameters, in milliseconds where they are durations. */
export interface LockoutRule {
  deviceMaxFailures: Count;
  deviceFailureWindow: number;
  deviceLockDuration: number;
  userMaxDeviceLocks: Count;
  userDeviceLockWindow: number;
  userLockDuration: number;
}

export interface LockoutState {
  deviceLockedAt: Instant | null;
  userLockedAt: Instant | null;
}

export interface FailureOutcome {
  /** The device was already locked when this failure came: it does not count. */
  alreadyLocked: boolean;
  /** This failure locked the device. */
  deviceLocked: boolean;
  /** This failure locked the user (the device lock was one too many). */
  userLocked: boolean;
}

/**
 * Failed-login counters per (tenant, username, device) and device-lock counters per (tenant, username). Keyed by
 * username, not user id, so that attempts on unknown usernames count the same. Every write is atomic.
 */
export interface LockoutRepository {
  state(tenantId: string, username: string, deviceId: string): Promise<LockoutState>;
  recordFailure(
    tenantId: string,
    username: string,
    deviceId: string,
    at: Instant,
    rule: LockoutRule,
  ): Promise<FailureOutcome>;
  clearFailures(tenantId: string, username: string, deviceId: string): Promise<void>;
  /** Ends the user's lock and the locks of every device for that username. */
  unlockUser(tenantId: string, username: string): Promise<void>;
  /** When the user lock began, if there is one (whether or not it has ended by now). */
  userLockedAt(tenantId: string, username: string): Promise<Instant | null>;
}
