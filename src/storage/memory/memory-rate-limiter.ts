import type { Instant } from '../../domain/clock.ts';
import type { RateDecision, RateLimiter } from '../../ports/rate-limiter.ts';

const WINDOW_MS = 60_000;
const SWEEP_ABOVE = 100_000;

/** In-process fixed windows (one instance; with Redis configured the limits are cluster-wide). */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { startedAt: Instant; count: number }>();

  async hit(key: string, limit: number, now: Instant): Promise<RateDecision> {
    const startedAt = now - (now % WINDOW_MS);
    let window = this.windows.get(key);
    if (!window || window.startedAt !== startedAt) {
      if (this.windows.size >= SWEEP_ABOVE) this.sweep(startedAt);
      window = { startedAt, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    const allowed = window.count <= limit;
    return { allowed, retryAfterSeconds: allowed ? 0 : Math.ceil((startedAt + WINDOW_MS - now) / 1000) };
  }

  private sweep(current: Instant): void {
    for (const [key, window] of this.windows) if (window.startedAt < current) this.windows.delete(key);
  }
}
