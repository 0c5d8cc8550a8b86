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

/** What the repository holds about one device of a username: its failure count and its lock, stale or not. */
export interface DeviceRecord {
  /** The login's device_id, or the client address: a label, not a secret. */
  deviceId: string;
  /** Failures counted in the window opened at `windowStartedAt` (0 right after a lock or a success). */
  failures: number;
  windowStartedAt: Instant | null;
  lockedAt: Instant | null;
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
  /** Every device record of the username, in no particular order; the caller decides which still count. */
  devices(tenantId: string, username: string): Promise<DeviceRecord[]>;
}
