import type { Instant } from '../clock.ts';
import type { SubjectClass } from '../policy/settings.ts';

/**
 * One authorization of a client by a user (one login): the family of its refresh tokens, and the grant its
 * access tokens name. Revoking it ends both at once.
 */
export interface Grant {
  id: string;
  tenantId: string;
  clientId: string;
  userId: string;
  subjectClass: SubjectClass;
  scope: string;
  sessionId: string | null;
  /** When the user authenticated (the family's absolute lifetime counts from here). */
  authTime: Instant;
  createdAt: Instant;
  /** The end of the refresh family, whatever the rotation (null: never). */
  absoluteExpiresAt: Instant | null;
  revokedAt: Instant | null;
  /** The key that signed the family's latest access token (null for opaque tokens). */
  signingKid: string | null;
}

/** A refresh token is stored as its public id and the SHA-256 of its secret (see opaque-token-format.ts). */
export interface RefreshTokenRecord {
  id: string;
  secretHash: string;
  grantId: string;
  issuedAt: Instant;
  expiresAt: Instant | null;
  rotatedAt: Instant | null;
  /** The successor's response, encrypted with a key only the presented old token yields (reuse interval). */
  successorBox: string | null;
}
