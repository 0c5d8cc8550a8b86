import type { Instant } from '../domain/clock.ts';
import type { DeviceAuthorization } from '../domain/grants/device-authorization.ts';

export type PollOutcome =
  | { kind: 'unknown' }
  /** Polled before the interval passed: RFC 8628 §3.5 slow_down; the interval grew by 5 s. */
  | { kind: 'too-fast'; authorization: DeviceAuthorization }
  | { kind: 'polled'; authorization: DeviceAuthorization };

export interface DeviceCodeRepository {
  insert(authorization: DeviceAuthorization): Promise<void>;
  findByUserCode(userCode: string): Promise<DeviceAuthorization | undefined>;
  /** Records a poll; atomic, so concurrent polls cannot both pass the interval. */
  poll(deviceCodeHash: string, at: Instant): Promise<PollOutcome>;
  /** Pending → approved (with the user) or denied; false when it was no longer pending. */
  decide(
    userCode: string,
    decision:
      | { status: 'approved'; userId: string; sessionId: string; authTime: Instant }
      | { status: 'denied' },
  ): Promise<boolean>;
  /** Approved → consumed, exactly once. */
  consume(deviceCodeHash: string): Promise<boolean>;
}
