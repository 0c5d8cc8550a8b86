import { durationInWords } from '../../format/duration.ts';
import { describeSource } from '../../format/source.ts';
import type { EndCause, PieceKind, Simulation } from './scenario.ts';

/** The rows of the timeline, in the order a login's pieces are read: short-lived first, the account last. */
export const KIND_ORDER: readonly PieceKind[] = [
  'authorizationCode',
  'accessToken',
  'idToken',
  'refreshToken',
  'refreshFamily',
  'session',
  'account',
];

export const KIND_NAMES: Record<PieceKind, { one: string; many: string }> = {
  authorizationCode: { one: 'Authorization code', many: 'Authorization codes' },
  accessToken: { one: 'Access token', many: 'Access tokens' },
  idToken: { one: 'ID token', many: 'ID tokens' },
  refreshToken: { one: 'Refresh token', many: 'Refresh tokens' },
  refreshFamily: { one: 'Refresh family', many: 'Refresh families' },
  session: { one: 'Login session', many: 'Login sessions' },
  account: { one: 'Account', many: 'Accounts' },
};

/** Whole seconds in words; an account created before the login may be a fraction of a second off. */
export const lengthInWords = (seconds: number): string => durationInWords(Math.round(Math.abs(seconds)));

/** "at login", "2 days after login", "10 days before login". */
export function offsetInWords(at: number): string {
  const seconds = Math.round(at);
  if (seconds === 0) return 'at login';
  return seconds > 0 ? `${lengthInWords(seconds)} after login` : `${lengthInWords(seconds)} before login`;
}

const LIFETIME_OF: Record<string, string> = {
  accessTokenTtl: "the access token's lifetime",
  idTokenTtl: "the ID token's lifetime",
  refreshTokenTtl: "the refresh token's lifetime",
  authorizationCodeTtl: "the authorization code's lifetime",
  refreshTokenAbsoluteTtl: "the refresh family's absolute end",
};

/** "(refreshTokenTtl, set by client web, clamped by tenant acme)" */
function settingAndLevel(cause: EndCause): string {
  const parts = [
    cause.setting,
    cause.source && `set by ${describeSource(cause.source)}`,
    cause.clampedBy && `clamped by the ceiling of ${describeSource(cause.clampedBy)}`,
  ].filter(Boolean);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/** Why a piece ends, naming the setting and the level that set it. */
export function causeInWords(cause: EndCause | null): string {
  if (cause === null) return 'nothing: it never ends';
  const detail = settingAndLevel(cause);
  switch (cause.reason) {
    case 'lifetime':
      return `${LIFETIME_OF[cause.setting ?? ''] ?? 'its lifetime'}${detail}`;
    case 'familyEnd':
      return `the refresh family's absolute end${detail}`;
    case 'rotated':
      return 'rotation: the next refresh replaced it';
    case 'idle':
      return `the session's idle timeout${detail}`;
    case 'max':
      return `the session's maximum lifetime${detail}`;
    case 'accountValidity':
      return `the account's validity${detail}`;
    case 'validUntil':
      return `the user's own end date (validUntil${cause.source ? ` of ${describeSource(cause.source)}` : ''})`;
    case 'requestRejected':
      return `a requested lifetime over the ceiling, which the policy rejects${detail}`;
  }
}

/** "This login ends after 3 days: the refresh token's lifetime (refreshTokenTtl, set by client web)." */
export function loginSummary(simulation: Simulation): string {
  const { loginEndsAt, loginEndReason, events } = simulation;
  if (events.some((e) => e.kind === 'refused')) {
    return `This login is refused at once: ${causeInWords(loginEndReason)}.`;
  }
  if (loginEndsAt === null) {
    return 'This login never ends: its last token does not expire, and nothing else ends it.';
  }
  return `This login ends after ${lengthInWords(loginEndsAt)}: ${causeInWords(loginEndReason)}.`;
}

/** "The app refreshed 288 times, every 10 minutes, the last 2 days after login; the login ends 1 day after that." */
export function activitySummary(simulation: Simulation): string {
  const refreshes = simulation.events.filter((e) => e.kind === 'refresh');
  const last = refreshes.at(-1);
  if (last === undefined) return 'The app did not refresh after the login.';
  const every = simulation.scenario.refreshEvery;
  const times = refreshes.length === 1 ? 'once' : `${refreshes.length} times`;
  const cadence = every === null ? '' : `, every ${lengthInWords(every)}`;
  const end = simulation.loginEndsAt;
  const after =
    end !== null && end > last.at ? `; the login ends ${lengthInWords(end - last.at)} after that` : '';
  return `The app refreshed ${times}${cadence}, the last ${offsetInWords(last.at)}${after}.`;
}
