import type { Instant } from '../clock.ts';

/** RFC 6749 §4.1.2: single use, bound to client, redirect URI and PKCE; stored as a digest. */
export interface AuthorizationCode {
  hash: string;
  clientId: string;
  userId: string;
  sessionId: string;
  redirectUri: string;
  scope: string;
  nonce: string | null;
  /** RFC 7636 S256 challenge; only S256 is accepted. */
  codeChallenge: string | null;
  authTime: Instant;
  expiresAt: Instant;
  consumedAt: Instant | null;
  /** The grant the exchange created, so a second use can revoke it. */
  grantId: string | null;
}
