import type { User } from '../domain/accounts/user.ts';
import type { Instant } from '../domain/clock.ts';
import type { PolicyChange } from '../domain/policy/change.ts';
import type { PageQuery, TenantFilter } from './tenant-repository.ts';

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

/** A page of users, of one tenant or a set of them, whose usernames may have to begin with a prefix. */
export type UserQuery = PageQuery &
  TenantFilter & {
    tenantId?: string;
    /** Case-insensitive where the store can fold case (ASCII in SQLite, Unicode in PostgreSQL). */
    usernamePrefix?: string;
  };

export interface UserRepository {
  insert(user: User, identity?: ExternalIdentity): Promise<void>;
  get(id: string): Promise<User | undefined>;
  findByUsername(tenantId: string, username: string): Promise<User | undefined>;
  findByExternalIdentity(identity: ExternalIdentity): Promise<User | undefined>;
  linkExternalIdentity(userId: string, identity: ExternalIdentity, at: Instant): Promise<void>;
  list(query: UserQuery): Promise<User[]>;
  /**
   * With a change (the user's own policy changed), the change is recorded as a policy version in the same
   * transaction, and the write is a compare-and-swap on `change.before` (else PreconditionFailed, RFC 9110 §13.1.1).
   */
  update(user: User, change?: PolicyChange): Promise<void>;
  delete(id: string): Promise<boolean>;
  /** How many console administrators are restricted to this tenant's subtree. */
  countAdministering(tenantId: string): Promise<number>;
  /** Moves the user's access and/or refresh not-before forward (never back). */
  raiseNotBefore(id: string, which: { access?: boolean; refresh?: boolean }, at: Instant): Promise<void>;
  /** The grant's revocation and its user, for validating a user's token. */
  grantStanding(grantId: string): Promise<GrantStanding | undefined>;
}
