import type { User } from '../domain/accounts/user.ts';
import type { Instant } from '../domain/clock.ts';
import type { PageQuery } from './tenant-repository.ts';

export interface ExternalIdentity {
  tenantId: string;
  issuer: string;
  subject: string;
}

/** What introspection needs to know about a user's grant, read in one query. */
export interface GrantStanding {
  grantRevokedAt: Instant | null;
  grantCreatedAt: Instant;
  user: User | undefined;
}

export interface UserRepository {
  insert(user: User, identity?: ExternalIdentity): Promise<void>;
  get(id: string): Promise<User | undefined>;
  findByUsername(tenantId: string, username: string): Promise<User | undefined>;
  findByExternalIdentity(identity: ExternalIdentity): Promise<User | undefined>;
  linkExternalIdentity(userId: string, identity: ExternalIdentity, at: Instant): Promise<void>;
  list(query: PageQuery & { tenantId?: string }): Promise<User[]>;
  update(user: User): Promise<void>;
  delete(id: string): Promise<boolean>;
  /** Moves the user's access and/or refresh not-before forward (never back). */
  raiseNotBefore(id: string, which: { access?: boolean; refresh?: boolean }, at: Instant): Promise<void>;
  /** The grant's revocation and its user, for validating a user's token. */
  grantStanding(grantId: string): Promise<GrantStanding | undefined>;
}
