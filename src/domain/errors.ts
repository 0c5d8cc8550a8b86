/**
 * Domain errors. OAuth errors carry the RFC 6749 §5.2 / RFC 8628 §3.5 / RFC 7009 §2.2.1 code; management
 * errors carry a problem kind. Only the HTTP layer turns them into status codes and wire bodies.
 */

import type { CurrentPolicy } from './policy/document-tag.ts';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'unsupported_token_type'
  | 'unsupported_response_type'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'login_required'
  | 'authorization_pending'
  | 'slow_down'
  | 'expired_token'
  | 'temporarily_unavailable'
  | 'server_error';

export abstract class OAuthError extends Error {
  abstract readonly code: OAuthErrorCode;
  constructor(readonly description: string) {
    super(description);
  }
}

export class InvalidRequest extends OAuthError {
  readonly code = 'invalid_request';
}
/** RFC 6749 §5.2: client authentication failed (unknown client, no or wrong credentials, wrong method). */
export class InvalidClient extends OAuthError {
  readonly code = 'invalid_client';
}
export class InvalidGrant extends OAuthError {
  readonly code = 'invalid_grant';
}
export class UnauthorizedClient extends OAuthError {
  readonly code = 'unauthorized_client';
}
export class UnsupportedGrantType extends OAuthError {
  readonly code = 'unsupported_grant_type';
}
export class InvalidScope extends OAuthError {
  readonly code = 'invalid_scope';
}
export class AccessDenied extends OAuthError {
  readonly code = 'access_denied';
}
export class UnsupportedTokenType extends OAuthError {
  readonly code = 'unsupported_token_type';
}
export class UnsupportedResponseType extends OAuthError {
  readonly code = 'unsupported_response_type';
}
/** RFC 6750 §3.1: the bearer token is missing, expired, revoked or malformed. */
export class InvalidToken extends OAuthError {
  readonly code = 'invalid_token';
}
/** RFC 6750 §3.1: the token lacks a scope the resource needs. */
export class InsufficientScope extends OAuthError {
  readonly code = 'insufficient_scope';
}
/** OpenID Connect Core §3.1.2.6: prompt=none and no usable session. */
export class LoginRequired extends OAuthError {
  readonly code = 'login_required';
}
/** RFC 8628 §3.5 polling answers. */
export class AuthorizationPending extends OAuthError {
  readonly code = 'authorization_pending';
}
export class SlowDown extends OAuthError {
  readonly code = 'slow_down';
}
export class ExpiredToken extends OAuthError {
  readonly code = 'expired_token';
}

export interface FieldProblem {
  field: string;
  message: string;
}

export type ProblemKind =
  | 'validation'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'unauthorized'
  | 'forbidden';

export abstract class ManagementError extends Error {
  abstract readonly kind: ProblemKind;
}

/** The input was understood but breaks a rule; `problems` names every offending field. */
export class ValidationFailed extends ManagementError {
  readonly kind = 'validation';
  constructor(
    message: string,
    readonly problems: FieldProblem[],
  ) {
    super(message);
  }
}

export class NotFound extends ManagementError {
  readonly kind = 'not-found';
}

export class Conflict extends ManagementError {
  readonly kind = 'conflict';
}

/**
 * RFC 9110 §13.1.1: the stored document is no longer the one the request was based on (a stale If-Match, or
 * a concurrent write between a read and its compare-and-swap). `current` is what the level holds now, when known.
 */
export class PreconditionFailed extends ManagementError {
  readonly kind = 'precondition-failed';
  constructor(
    message: string,
    readonly current?: CurrentPolicy,
  ) {
    super(message);
  }
}

export class Unauthorized extends ManagementError {
  readonly kind = 'unauthorized';
}

/** The caller is known but may not manage what the request names (delegated administration). */
export class Forbidden extends ManagementError {
  readonly kind = 'forbidden';
}
