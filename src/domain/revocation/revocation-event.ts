import type { Instant } from '../clock.ts';

/**
 * A change that ends tokens before their `exp`, as the revocation feed publishes it to resource servers: a
 * not-before instant of a level (tokens issued at or before it end), a revoked JWT, or a revoked signing key.
 */
export type RevocationEvent =
  | { kind: 'service'; notBefore: Instant }
  | { kind: 'tenant'; tenantId: string; notBefore: Instant }
  | { kind: 'client'; tenantId: string; clientId: string; notBefore: Instant }
  | { kind: 'user'; tenantId: string; userId: string; notBefore: Instant }
  | { kind: 'token'; tenantId: string | null; jti: string; expiresAt: Instant }
  | { kind: 'key'; kid: string; revokedAt: Instant };

export type RevocationEventKind = RevocationEvent['kind'];

/** An event with its place in the feed: later events have greater sequence numbers. */
export type SequencedRevocationEvent = RevocationEvent & { seq: number };
