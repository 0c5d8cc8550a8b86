import type { Instant } from '../domain/clock.ts';
import type { SubjectClass } from '../domain/policy/settings.ts';

/** An opaque access token: its public id (also its `jti`) and only the SHA-256 of its secret. */
export interface OpaqueAccessTokenRecord {
  id: string;
  secretHash: string;
  tenantId: string;
  clientId: string;
  /** The grant (user login) the token belongs to; null for a client acting for itself. */
  grantId: string | null;
  subject: string;
  subjectClass: SubjectClass;
  scope: string;
  issuedAt: Instant;
  expiresAt: Instant;
  policyVersion: number;
  revokedAt: Instant | null;
}

export interface AccessTokenRepository {
  insert(record: OpaqueAccessTokenRecord): Promise<void>;
  findById(id: string): Promise<OpaqueAccessTokenRecord | undefined>;
  /** True when a live token was revoked by this call. */
  revokeById(id: string, at: Instant): Promise<boolean>;
  /** JWTs are not stored; revoking one records its id until it would have expired. */
  /** Records a revoked JWT until it expires, and publishes it on the revocation feed of its tenant. */
  revokeJwt(jti: string, expiresAt: Instant, tenantId: string): Promise<void>;
  isJwtRevoked(jti: string): Promise<boolean>;
  /** Removes tokens and revocation records that expired before `now`; returns how many. */
  deleteExpired(now: Instant, limit: number): Promise<number>;
}
