import type { Instant } from '../domain/clock.ts';
import type { SequencedRevocationEvent } from '../domain/revocation/revocation-event.ts';

/**
 * What one subscriber may see: events of every tenant (the service's not-before, revoked keys), tenant
 * not-befores of its tenant chain (root first, its own tenant last), and the rest of its own tenant only.
 */
export interface RevocationFeedScope {
  tenantChain: readonly string[];
}

/** The revocation events, which the repositories that end tokens append in the same transaction. */
export interface RevocationFeedRepository {
  /** The sequence number of the latest event; 0 when there is none. */
  latest(): Promise<number>;
  /** Up to `limit` events after `cursor`, oldest first. */
  after(cursor: number, scope: RevocationFeedScope, limit: number): Promise<SequencedRevocationEvent[]>;
  /**
   * What is in force at `cursor`: the latest not-before of each level and user, every revoked key, and the
   * revoked JWTs that have not expired by `now`.
   */
  inForce(cursor: number, scope: RevocationFeedScope, now: Instant): Promise<SequencedRevocationEvent[]>;
}
