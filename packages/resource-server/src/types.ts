/** What a verified access token tells the API, whatever its format. Times are NumericDates (seconds). */
export interface AccessToken {
  format: 'jwt' | 'opaque';
  subject: string;
  clientId: string;
  /** RFC 6749 §3.3: the space-delimited `scope` claim, split. */
  scopes: readonly string[];
  audience: readonly string[];
  expiresAt: number;
  issuedAt: number | undefined;
  /** The `jti` claim, when the token has one (RFC 9068 §2.2 requires it of JWTs). */
  tokenId: string | undefined;
  /** The `kid` of the key that signed a JWT; undefined for an opaque token. */
  keyId: string | undefined;
  /** Every claim, as signed (JWT) or as introspected (RFC 7662 §2.2). */
  claims: Readonly<Record<string, unknown>>;
}

/** The RFC 6750 §3.1 error codes. */
export type BearerErrorCode = 'invalid_request' | 'invalid_token' | 'insufficient_scope';

/**
 * A refusal, ready to send: the status, and the `WWW-Authenticate` challenge (RFC 6750 §3). A 503 means the
 * token could not be checked at all (keys or introspection unreachable): it carries no challenge, since the
 * client did nothing wrong.
 */
export interface VerificationFailure {
  ok: false;
  status: 400 | 401 | 403 | 503;
  /** Absent when the request carried no bearer token (RFC 6750 §3.1) and on a 503. */
  error: BearerErrorCode | undefined;
  description: string | undefined;
  /** The scopes the resource needs, on insufficient_scope (RFC 6750 §3). */
  scope: string | undefined;
  /** The header value to send; undefined on a 503. */
  wwwAuthenticate: string | undefined;
}

export interface VerificationSuccess {
  ok: true;
  token: AccessToken;
}

export type VerifyResult = VerificationSuccess | VerificationFailure;

/** The subset of the Fetch API the verifier uses: inject one to observe or steer its requests. */
export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** Milliseconds since the epoch, as Date.now(). */
export type Now = () => number;

/**
 * An extra check run on every token that passed verification: a refusal's description, or undefined to accept.
 * This is where a revocation source (for instance a feed of revoked token ids and not-before instants) plugs in.
 */
export type TokenCheck = (token: AccessToken) => string | undefined | Promise<string | undefined>;

/** Thrown inside the verifier when keys or introspection cannot be reached; becomes a 503. */
export class VerificationUnavailable extends Error {
  override readonly name = 'VerificationUnavailable';
}
