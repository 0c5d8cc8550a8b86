import type { Clock, Instant } from '../../src/domain/clock.ts';

/** A clock that moves only when a test says so, so lifetimes are checked to the second without sleeping. */
export class ManualClock implements Clock {
  constructor(private current: Instant = Date.parse('2026-01-01T00:00:00.000Z')) {}

  now(): Instant {
    return this.current;
  }

  advance(seconds: number): void {
    this.current += seconds * 1000;
  }

  set(instant: Instant): void {
    this.current = instant;
  }
}
