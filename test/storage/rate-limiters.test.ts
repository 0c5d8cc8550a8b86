/** Contract: fixed one-minute rate-limit windows, in memory and in Redis. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RateLimiterStore, rateLimiterBackends } from './backends.ts';
import { burst, MINUTE, T, tally } from './fixtures.ts';

/** The start of a one-minute window (T is not one). */
const WINDOW = T - (T % MINUTE) + 100 * MINUTE;

describe.each(rateLimiterBackends)('rate limiter ($name)', (backend) => {
  let store: RateLimiterStore;
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(() => store.close());

  it('counts the hits of a key within its window: up to the limit allowed, then refused until the window ends', async () => {
    const { limiter } = store;
    for (let i = 0; i < 3; i++)
      expect((await limiter.hit('client:web', 3, WINDOW + i * 1000)).allowed).toBe(true);
    expect(await limiter.hit('client:web', 3, WINDOW + 15_500)).toEqual({
      allowed: false,
      retryAfterSeconds: 45,
    });
    expect(await limiter.hit('client:web', 3, WINDOW + MINUTE - 1)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
    expect(await limiter.hit('client:web', 3, WINDOW)).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('the next window starts counting again', async () => {
    const { limiter } = store;
    for (let i = 0; i < 4; i++) await limiter.hit('client:web', 3, WINDOW + 59_000);
    expect((await limiter.hit('client:web', 3, WINDOW + MINUTE)).allowed).toBe(true);
    expect((await limiter.hit('client:web', 3, WINDOW + MINUTE + 1)).allowed).toBe(true);
    expect((await limiter.hit('client:web', 3, WINDOW + MINUTE + 2)).allowed).toBe(true);
    expect(await limiter.hit('client:web', 3, WINDOW + MINUTE + 30_000)).toEqual({
      allowed: false,
      retryAfterSeconds: 30,
    });
  });

  it('keys are counted apart', async () => {
    const { limiter } = store;
    expect((await limiter.hit('client:a', 1, WINDOW)).allowed).toBe(true);
    expect((await limiter.hit('client:a', 1, WINDOW)).allowed).toBe(false);
    expect((await limiter.hit('client:b', 1, WINDOW)).allowed).toBe(true);
    expect((await limiter.hit('address:192.0.2.1', 1, WINDOW)).allowed).toBe(true);
  });

  it('40 concurrent hits from two instances with a limit of 10: exactly 10 allowed', async () => {
    const outcomes = await burst(40, [store.limiter, store.other], (limiter) =>
      limiter.hit('client:web', 10, WINDOW + 1),
    );
    expect(tally(outcomes, (outcome) => String(outcome.allowed))).toEqual({ true: 10, false: 30 });
    expect(
      outcomes.filter((outcome) => !outcome.allowed).every((outcome) => outcome.retryAfterSeconds === 60),
    ).toBe(true);
  });
});
