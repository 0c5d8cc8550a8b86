import type { Redis } from 'ioredis';
import type { Instant } from '../../domain/clock.ts';
import type { RateDecision, RateLimiter } from '../../ports/rate-limiter.ts';

const WINDOW_MS = 60_000;

/** Fixed one-minute windows counted in Redis: one limit for every instance of the cluster. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async hit(key: string, limit: number, now: Instant): Promise<RateDecision> {
    const startedAt = now - (now % WINDOW_MS);
    const windowKey = `${this.prefix}${startedAt}:${key}`;
    // INCR and PEXPIRE together: the counter cannot outlive its window, whatever fails in between
    const results = await this.redis
      .multi()
      .incr(windowKey)
      .pexpire(windowKey, WINDOW_MS * 2)
      .exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    const allowed = count <= limit;
    return { allowed, retryAfterSeconds: allowed ? 0 : Math.ceil((startedAt + WINDOW_MS - now) / 1000) };
  }
}
