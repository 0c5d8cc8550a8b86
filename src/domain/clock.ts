/** Milliseconds since the Unix epoch. Every instant in the domain uses this unit. */
export type Instant = number;

/** The only source of time in the domain, injected so that lifetimes can be tested exactly. */
export interface Clock {
  now(): Instant;
}

export const systemClock: Clock = { now: () => Date.now() };

export const toSeconds = (instant: Instant): number => Math.floor(instant / 1000);
