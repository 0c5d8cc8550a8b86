import type { Instant } from '../clock.ts';

/** A login session (browser SSO): the cookie holds a secret whose digest is stored. */
export interface Session {
  id: string;
  secretHash: string;
  userId: string;
  tenantId: string;
  authTime: Instant;
  lastActiveAt: Instant;
  endedAt: Instant | null;
}
