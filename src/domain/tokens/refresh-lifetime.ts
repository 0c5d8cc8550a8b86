import type { Instant } from '../clock.ts';
import type { EffectiveSettings } from '../policy/settings.ts';
import type { Grant } from './grant.ts';

const earlier = (a: Instant | null, b: Instant | null): Instant | null =>
  a === null ? b : b === null ? a : Math.min(a, b);

/**
 * When a refresh token issued now expires. `absolute`: `refreshTokenTtl` after the login, whatever the
 * rotations (a successor keeps its predecessor's expiry). `sliding`: `refreshTokenTtl` after this use. Either
 * way never past the family's absolute end (`refreshTokenAbsoluteTtl` after the login). Null: never.
 */
export function refreshTokenExpiresAt(
  settings: Pick<EffectiveSettings, 'refreshTokenTtl' | 'refreshTokenExpiration'>,
  grant: Pick<Grant, 'authTime' | 'absoluteExpiresAt'>,
  now: Instant,
  predecessorExpiresAt?: Instant | null,
): Instant | null {
  const ttl = settings.refreshTokenTtl;
  let candidate: Instant | null;
  if (settings.refreshTokenExpiration === 'sliding') candidate = ttl === 'never' ? null : now + ttl * 1000;
  else if (predecessorExpiresAt !== undefined) candidate = predecessorExpiresAt;
  else candidate = ttl === 'never' ? null : grant.authTime + ttl * 1000;
  return earlier(candidate, grant.absoluteExpiresAt);
}

/** The family's end: `refreshTokenAbsoluteTtl` after the login. */
export const familyEndsAt = (
  settings: Pick<EffectiveSettings, 'refreshTokenAbsoluteTtl'>,
  authTime: Instant,
) =>
  settings.refreshTokenAbsoluteTtl === 'never' ? null : authTime + settings.refreshTokenAbsoluteTtl * 1000;

/** Seconds from now to an expiry, for `refresh_token_expires_in`; undefined when it never expires. */
export const secondsUntil = (expiresAt: Instant | null, now: Instant): number | undefined =>
  expiresAt === null ? undefined : Math.max(0, Math.round((expiresAt - now) / 1000));
