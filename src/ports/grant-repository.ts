import type { User } from '../domain/accounts/user.ts';
import type { Instant } from '../domain/clock.ts';
import type { Grant, RefreshTokenRecord } from '../domain/tokens/grant.ts';
import type { OpaqueAccessTokenRecord } from './access-token-repository.ts';
import type { PageQuery } from './tenant-repository.ts';

/** A grant whose refresh-token family is alive, with its current (unrotated) token's instants. */
export interface LiveRefreshFamily {
  grant: Grant;
  currentToken: { issuedAt: Instant; expiresAt: Instant | null };
}

export interface RefreshTokenWithGrant {
  token: RefreshTokenRecord;
  grant: Grant;
  /** The grant's user, read in the same query; undefined when the user no longer exists. */
  user: User | undefined;
}

export type RotationOutcome =
  /** This call retired the old token and stored the successor. */
  | { kind: 'rotated' }
  /** Another call rotated it first, at `rotatedAt`; its successor box (if any) is returned. */
  | { kind: 'already-rotated'; rotatedAt: Instant; successorBox: string | null };

/** Grants (one login of a user at a client) and their refresh-token families. */
export interface GrantRepository {
  /** Stores a grant, and its first refresh token when it has one. */
  insert(grant: Grant, firstRefreshToken?: RefreshTokenRecord): Promise<void>;
  get(id: string): Promise<Grant | undefined>;
  /** The token with this id, its grant and the grant's user; the caller checks the secret. */
  findRefreshToken(id: string): Promise<RefreshTokenWithGrant | undefined>;
  /**
   * Retires `oldId` and stores `successor` in one compare-and-swap: of concurrent calls for one token,
   * exactly one rotates it. `successorBox` is kept on the old token for the reuse interval (null when there is
   * no reuse interval). `accessToken`, the opaque access token issued with the successor, is stored in the
   * same commit, and only when this call rotated.
   */
  rotate(
    oldId: string,
    successor: RefreshTokenRecord,
    successorBox: string | null,
    at: Instant,
    accessToken?: OpaqueAccessTokenRecord,
  ): Promise<RotationOutcome>;
  /** Slides a non-rotating refresh token's expiry. */
  extend(id: string, expiresAt: Instant | null): Promise<void>;
  /** Revokes a grant; false when it was already revoked or does not exist. */
  revoke(id: string, at: Instant): Promise<boolean>;
  revokeAllOfSession(sessionId: string, at: Instant): Promise<number>;
  revokeAllOfUser(userId: string, at: Instant): Promise<number>;
  /**
   * The user's families still alive at `at` (grant unrevoked and within its absolute end, current token within
   * its own end), by grant id (keyset paging). Not-befores are the caller's to apply.
   */
  listLiveFamiliesOfUser(userId: string, at: Instant, page: PageQuery): Promise<LiveRefreshFamily[]>;
  recordSigningKey(id: string, kid: string): Promise<void>;
  /** Key revocation: ends every family whose latest access token the key signed. */
  revokeAllSignedWith(kid: string, at: Instant): Promise<number>;
}
