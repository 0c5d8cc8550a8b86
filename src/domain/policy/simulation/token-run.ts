import { familyEndsAt, refreshTokenExpiresAt } from '../../tokens/refresh-lifetime.ts';
import { applyRequestedLifetime, type RequestedLifetime, type ResolvedPolicy } from '../resolve.ts';
import { accessTokenEnd, after, type End, earliest, piece, settingCause } from './ends.ts';
import { MAX_SIMULATED_REFRESHES, type Scenario } from './scenario.ts';
import type { Offset, Piece } from './timeline.ts';

export interface TokenRunInput {
  policy: ResolvedPolicy;
  scenario: Scenario;
  /** The first access token's lifetime, the request level applied. */
  firstAccess: RequestedLifetime;
  /** `openid` was granted: the login and every refresh also issue an ID token. */
  withIdTokens: boolean;
  withRefreshTokens: boolean;
  /** The account's end: it ends every token the server checks, and refuses every refresh. */
  accountEnd: End;
}

export interface TokenRun {
  pieces: Piece[];
  refreshes: Offset[];
  /** The last access token's end (capped by the account). */
  lastAccess: End;
  /** The last refresh token's end (capped by the account); undefined without refresh tokens. */
  lastRefresh: End | undefined;
  truncated: boolean;
}

const ms = (at: Offset | null) => (at === null ? null : at * 1000);

/**
 * The tokens of one login: the first access (and ID) token at t = 0, then at each activity instant a refresh,
 * as RefreshTokenGrant does it, for as long as the refresh token, its family and the account allow.
 */
export function runTokens(input: TokenRunInput): TokenRun {
  const { policy, scenario, accountEnd } = input;
  const { settings } = policy;
  const pieces: Piece[] = [];
  const lifetimeOf = (setting: 'idTokenTtl' | 'refreshTokenTtl') => settingCause(policy, 'lifetime', setting);
  const issueAccess = (at: Offset, lifetime: RequestedLifetime): End => {
    const end = earliest(accessTokenEnd(at, lifetime), accountEnd);
    pieces.push(piece('accessToken', at, end));
    // an ID token is a JWT its client verifies alone: nothing on the server (not even the account) ends it
    if (input.withIdTokens) {
      pieces.push(
        piece(
          'idToken',
          at,
          after(at, settings.idTokenTtl, () => lifetimeOf('idTokenTtl')),
        ),
      );
    }
    return end;
  };

  let lastAccess = issueAccess(0, input.firstAccess);
  if (!input.withRefreshTokens)
    return { pieces, refreshes: [], lastAccess, lastRefresh: undefined, truncated: false };

  // the grant of the login: its family ends refreshTokenAbsoluteTtl after the login, whatever the refreshes
  const grant = { authTime: 0, absoluteExpiresAt: familyEndsAt(settings, 0) };
  const familyEnd = grant.absoluteExpiresAt === null ? null : grant.absoluteExpiresAt / 1000;
  /** A refresh token's end as refresh-lifetime.ts computes it, with the reason that set it. */
  const refreshTokenEnd = (now: Offset, predecessor?: End): End => {
    const expiresAt = refreshTokenExpiresAt(settings, grant, now * 1000, predecessor && ms(predecessor.at));
    if (expiresAt === null) return { at: null, cause: null };
    const at = expiresAt / 1000;
    if (settings.refreshTokenExpiration === 'absolute' && predecessor) return predecessor; // the same expiry
    const own = settings.refreshTokenExpiration === 'sliding' ? now : 0;
    const ttl = settings.refreshTokenTtl;
    return ttl !== 'never' && at === own + ttl
      ? { at, cause: lifetimeOf('refreshTokenTtl') }
      : { at, cause: settingCause(policy, 'familyEnd', 'refreshTokenAbsoluteTtl') };
  };
  // RefreshTokenGrant refuses an expired token, an ended family and an ended account
  const refused = (now: Offset, token: End) =>
    (token.at !== null && now >= token.at) ||
    (familyEnd !== null && now >= familyEnd) ||
    (accountEnd.at !== null && now >= accountEnd.at);

  let held = { issuedAt: 0, end: refreshTokenEnd(0) };
  const refreshes: Offset[] = [];
  let truncated = false;
  // the app is used, and refreshes, every refreshEvery while t ≤ activeFor
  const every = scenario.refreshEvery ?? Number.POSITIVE_INFINITY;
  for (let now = every; now <= scenario.activeFor; now += every) {
    if (refused(now, held.end)) break;
    if (refreshes.length === MAX_SIMULATED_REFRESHES) {
      truncated = true;
      break;
    }
    refreshes.push(now);
    // a refresh asks for no lifetime: the policy's own (applyRequestedLifetime without a request)
    lastAccess = issueAccess(now, applyRequestedLifetime(policy, 'accessTokenTtl', undefined));
    const renewed = refreshTokenEnd(now, held.end);
    if (settings.refreshTokenRotation) {
      pieces.push(piece('refreshToken', held.issuedAt, { at: now, cause: { reason: 'rotated' } }));
      held = { issuedAt: now, end: renewed };
    } else {
      // the same token stays; sliding expiration renews its window
      held = { issuedAt: held.issuedAt, end: renewed };
    }
  }
  const lastRefresh = earliest(held.end, accountEnd);
  pieces.push(piece('refreshToken', held.issuedAt, lastRefresh));
  return { pieces, refreshes, lastAccess, lastRefresh, truncated };
}
