import type { Instant } from '../clock.ts';
import type { AccessTokenFormat, SubjectClass } from '../policy/settings.ts';

/** What an access token says, whatever its format. */
export interface AccessTokenClaims {
  jti: string;
  issuer: string;
  tenantId: string;
  clientId: string;
  /** The grant (user login) the token belongs to; null for a client acting for itself. */
  grantId: string | null;
  subject: string;
  subjectClass: SubjectClass;
  audience: string;
  /** Space-separated granted scopes. */
  scope: string;
  issuedAt: Instant;
  expiresAt: Instant;
  policyVersion: number;
}

export interface IssuedAccessToken {
  token: string;
  format: AccessTokenFormat;
  /** Seconds the token lives, as `expires_in` says. */
  expiresIn: number;
  /** The key that signed it; null for an opaque token. */
  kid: string | null;
  claims: AccessTokenClaims;
}
