import type { Instant } from '../domain/clock.ts';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window ends, when refused. */
  retryAfterSeconds: number;
}

/** Counts requests per key in fixed one-minute windows; atomic per key. */
export interface RateLimiter {
  hit(key: string, limit: number, now: Instant): Promise<RateDecision>;
}
