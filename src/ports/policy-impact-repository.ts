import type { Instant } from '../domain/clock.ts';
import type { PolicyOwner } from '../domain/policy/change.ts';

export interface LiveCounts {
  /** Families with an unexpired, unrotated refresh token, unrevoked and within their absolute lifetime. */
  refreshFamilies: number;
  /** Login sessions not ended. */
  sessions: number;
}

/** What lives under a level now: what a policy change there would end or leave with its old expiry. */
export interface PolicyImpactRepository {
  liveCounts(owner: PolicyOwner, now: Instant): Promise<LiveCounts>;
}
