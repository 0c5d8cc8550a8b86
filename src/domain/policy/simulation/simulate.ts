import { accountEndsAt } from '../../accounts/account-validity.ts';
import type { User } from '../../accounts/user.ts';
import type { Client } from '../../clients/client.ts';
import type { Instant } from '../../clock.ts';
import { InvalidRequest } from '../../errors.ts';
import { refreshAllowed } from '../../tokens/user-tokens.ts';
import { applyRequestedLifetime, type RequestedLifetime, type ResolvedPolicy } from '../resolve.ts';
import { after, type End, earliest, latest, NEVER, piece, settingCause } from './ends.ts';
import type { Scenario } from './scenario.ts';
import {
  type EndCause,
  type EventKind,
  type Offset,
  PIECE_KINDS,
  type Piece,
  type RefreshTokensWithheld,
  type Timeline,
  type TimelineEvent,
} from './timeline.ts';
import { runTokens } from './token-run.ts';

export interface LoginSimulation {
  policy: ResolvedPolicy;
  /** The scopes granted at the login: `openid` brings ID tokens. */
  scopes: readonly string[];
  /** The client, when the context names one: without the refresh_token grant type it gets no refresh token. */
  client?: Pick<Client, 'id' | 'grantTypes'> | undefined;
  /** The user who signs in; without one, an account created at the login. */
  user?: Pick<User, 'id' | 'createdAt' | 'validUntil'> | undefined;
  /** The instant of the login: only a user's own instants are counted from it. */
  loginAt: Instant;
  scenario: Scenario;
}

/**
 * Simulates one login under a resolved policy: what it produces, when each piece ends and why, and when the
 * login itself ends. Every rule is the server's own: refresh-lifetime.ts, RefreshTokenGrant, LoginSessions,
 * account-validity.ts and applyRequestedLifetime. Times are seconds after the login.
 */
export function simulateLogin(input: LoginSimulation): Timeline {
  const { policy, scenario } = input;
  const { settings } = policy;
  const { createdAt, end: accountEnd } = accountWindow(input);
  const account = piece('account', createdAt, accountEnd);
  // an expired account cannot log in (AccountStanding)
  if (accountEnd.at !== null && accountEnd.at <= 0) return refused([account], accountEnd.cause);
  let firstAccess: RequestedLifetime;
  try {
    firstAccess = applyRequestedLifetime(
      policy,
      'accessTokenTtl',
      scenario.requestedAccessTokenTtl ?? undefined,
    );
  } catch (error) {
    if (!(error instanceof InvalidRequest)) throw error;
    return refused([], settingCause(policy, 'requestRejected', 'requestOverCeiling'));
  }

  const pieces: Piece[] = [account];
  if (scenario.loginFlow === 'authorizationCode') {
    // the browser's session; refreshes at the token endpoint do not touch it, only visits to /oauth2/authorize
    const idle = after(0, settings.sessionIdleTtl, () => settingCause(policy, 'idle', 'sessionIdleTtl'));
    const max = after(0, settings.sessionMaxTtl, () => settingCause(policy, 'max', 'sessionMaxTtl'));
    pieces.push(piece('session', 0, earliest(idle, max, accountEnd)));
    const code = after(0, settings.authorizationCodeTtl, () =>
      settingCause(policy, 'lifetime', 'authorizationCodeTtl'),
    );
    pieces.push(piece('authorizationCode', 0, earliest(code, accountEnd)));
  }
  const withheld = refreshTokensWithheld(input);
  if (withheld === null) {
    const family = after(0, settings.refreshTokenAbsoluteTtl, () =>
      settingCause(policy, 'lifetime', 'refreshTokenAbsoluteTtl'),
    );
    pieces.push(piece('refreshFamily', 0, earliest(family, accountEnd)));
  }
  const run = runTokens({
    policy,
    scenario,
    firstAccess,
    withIdTokens: input.scopes.includes('openid'),
    withRefreshTokens: withheld === null,
    accountEnd,
  });
  pieces.push(...run.pieces);

  // the login ends when its last access token has expired and its refresh token can yield no other
  const loginEnd = run.lastRefresh ? latest(run.lastRefresh, run.lastAccess) : run.lastAccess;
  const events: TimelineEvent[] = [
    { at: 0, kind: 'login' },
    ...run.refreshes.map((at) => ({ at, kind: 'refresh' as const })),
    { at: run.refreshes.at(-1) ?? 0, kind: 'lastActivity' },
    ...(loginEnd.at === null ? [] : [{ at: loginEnd.at, kind: 'end' as const }]),
  ];
  return {
    pieces: inTimeOrder(pieces),
    events: events.sort(byTimeThenKind),
    loginEndsAt: loginEnd.at,
    loginEndReason: loginEnd.cause,
    refreshTokensWithheld: withheld,
    truncated: run.truncated,
  };
}

/** The account: a user's (validUntil, or accountValidity after its creation), or one created at the login. */
function accountWindow({ user, loginAt, policy }: LoginSimulation): { createdAt: Offset; end: End } {
  const account = user ?? { createdAt: loginAt, validUntil: null };
  const offset = (instant: Instant): Offset => (instant - loginAt) / 1000;
  const endsAt = accountEndsAt(account, policy.settings.accountValidity);
  if (endsAt === null) return { createdAt: offset(account.createdAt), end: NEVER };
  const cause: EndCause =
    user && user.validUntil !== null
      ? { reason: 'validUntil', source: { level: 'user', id: user.id } }
      : settingCause(policy, 'accountValidity', 'accountValidity');
  return { createdAt: offset(account.createdAt), end: { at: offset(endsAt), cause } };
}

function refreshTokensWithheld({ policy, client }: LoginSimulation): RefreshTokensWithheld | null {
  if (!policy.settings.refreshTokenEnabled) {
    return { reason: 'refreshTokenEnabled', source: policy.explanation.refreshTokenEnabled.source };
  }
  if (client && !refreshAllowed(client, policy)) {
    return { reason: 'clientGrantTypes', source: { level: 'client', id: client.id } };
  }
  return null;
}

function refused(pieces: Piece[], cause: EndCause | null): Timeline {
  return {
    pieces,
    events: [{ at: 0, kind: 'refused' }],
    loginEndsAt: 0,
    loginEndReason: cause,
    refreshTokensWithheld: null,
    truncated: false,
  };
}

const EVENT_ORDER: readonly EventKind[] = ['refused', 'login', 'refresh', 'lastActivity', 'end'];
const byTimeThenKind = (a: TimelineEvent, b: TimelineEvent) =>
  a.at - b.at || EVENT_ORDER.indexOf(a.kind) - EVENT_ORDER.indexOf(b.kind);

/** Pieces by start, and at one instant in the order of PIECE_KINDS (a stable sort keeps issue order). */
const inTimeOrder = (pieces: Piece[]) =>
  pieces.sort((a, b) => a.startsAt - b.startsAt || PIECE_KINDS.indexOf(a.kind) - PIECE_KINDS.indexOf(b.kind));
