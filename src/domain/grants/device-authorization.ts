import type { Instant } from '../clock.ts';

export type DeviceAuthorizationStatus = 'pending' | 'approved' | 'denied' | 'consumed';

/** RFC 8628: a device code (stored as a digest) and the user code typed on another screen. */
export interface DeviceAuthorization {
  deviceCodeHash: string;
  userCode: string;
  clientId: string;
  scope: string;
  expiresAt: Instant;
  intervalSeconds: number;
  lastPolledAt: Instant | null;
  status: DeviceAuthorizationStatus;
  userId: string | null;
  sessionId: string | null;
  authTime: Instant | null;
}
