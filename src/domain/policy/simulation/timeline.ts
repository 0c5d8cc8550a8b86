import type { SettingSource } from '../resolve.ts';
import type { SettingName } from '../settings.ts';

/** Seconds after the login (t = 0); negative before it. Never an instant of the clock. */
export type Offset = number;

/** What a login produces, in the order a timeline lists pieces that start at the same instant. */
export const PIECE_KINDS = [
  'account',
  'session',
  'authorizationCode',
  'refreshFamily',
  'accessToken',
  'idToken',
  'refreshToken',
] as const;
export type PieceKind = (typeof PIECE_KINDS)[number];

/**
 * Why something ends:
 * - `lifetime`: its own lifetime (`setting`) ran out;
 * - `familyEnd`: a refresh token reached the end of its family (`refreshTokenAbsoluteTtl`);
 * - `rotated`: a refresh token was retired by the refresh at its end;
 * - `idle` / `max`: the session's `sessionIdleTtl` / `sessionMaxTtl`;
 * - `accountValidity`: the account ended `accountValidity` after its creation;
 * - `validUntil`: the account ended at the user's own `validUntil`;
 * - `requestRejected`: the requested access token lifetime is over the ceiling and `requestOverCeiling` is
 *   `reject`, so the login is refused.
 */
export const END_REASONS = [
  'lifetime',
  'familyEnd',
  'rotated',
  'idle',
  'max',
  'accountValidity',
  'validUntil',
  'requestRejected',
] as const;
export type EndReason = (typeof END_REASONS)[number];

export interface EndCause {
  reason: EndReason;
  /** The setting whose value set the end; absent for `rotated` and `validUntil`. */
  setting?: SettingName;
  /** The level that set it (the user for `validUntil`, `request` for a requested lifetime). */
  source?: SettingSource;
  /** The level whose ceiling lowered the value. */
  clampedBy?: SettingSource;
}

export interface Piece {
  kind: PieceKind;
  startsAt: Offset;
  /** Null: it never ends. */
  endsAt: Offset | null;
  /** Null exactly when `endsAt` is null. */
  endedBy: EndCause | null;
}

/**
 * - `login`: the user signs in (t = 0);
 * - `refresh`: the app uses its refresh token and gets a new access token;
 * - `lastActivity`: the app's last use of the login (the login itself, or its last refresh);
 * - `end`: the login ends (`loginEndsAt`);
 * - `refused`: the login is refused at once (an ended account, or a rejected requested lifetime).
 */
export const EVENT_KINDS = ['login', 'refresh', 'lastActivity', 'end', 'refused'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface TimelineEvent {
  at: Offset;
  kind: EventKind;
}

/** Why a login gets no refresh token: the policy's `refreshTokenEnabled`, or a client without the grant type. */
export interface RefreshTokensWithheld {
  reason: 'refreshTokenEnabled' | 'clientGrantTypes';
  source: SettingSource;
}

export interface Timeline {
  pieces: Piece[];
  events: TimelineEvent[];
  /**
   * When the app can no longer get a valid access token without the user signing in again: its last access
   * token has expired and no live refresh token can yield another, or the account has ended. Null: never.
   */
  loginEndsAt: Offset | null;
  loginEndReason: EndCause | null;
  refreshTokensWithheld: RefreshTokensWithheld | null;
  /** The scenario's activity went on after the last refresh simulated (MAX_SIMULATED_REFRESHES). */
  truncated: boolean;
}
