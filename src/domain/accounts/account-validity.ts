import type { Instant } from '../clock.ts';
import type { Limit } from '../policy/settings.ts';
import type { User } from './user.ts';

/**
 * When an account ends: its own `validUntil` wins; otherwise the policy's `accountValidity` counted from the
 * account's creation (seed 004 #5); null when neither is set.
 */
export function accountEndsAt(
  user: Pick<User, 'validUntil' | 'createdAt'>,
  accountValidity: Limit,
): Instant | null {
  if (user.validUntil !== null) return user.validUntil;
  return accountValidity === 'none' ? null : user.createdAt + accountValidity * 1000;
}

export function accountExpired(user: User, accountValidity: Limit, now: Instant): boolean {
  const end = accountEndsAt(user, accountValidity);
  return end !== null && now >= end;
}
