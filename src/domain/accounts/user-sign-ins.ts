import type { GrantRepository } from '../../ports/grant-repository.ts';
import type { SessionRepository } from '../../ports/session-repository.ts';
import type { PageQuery } from '../../ports/tenant-repository.ts';
import type { AuditContext } from '../audit/audit-event.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock, Instant } from '../clock.ts';
import { NotFound } from '../errors.ts';
import type { PolicyResolver } from '../policy/policy-resolver.ts';
import { endedByNotBefore, later, type NotBeforeRegistry } from '../revocation/not-before.ts';
import type { LoginSessions } from '../sessions/login-sessions.ts';
import { accountExpired } from './account-validity.ts';
import type { User } from './user.ts';
import { userPolicy } from './user-policies.ts';

/** A login session that is alive, and when it ends: unless used again (idle) and whatever happens (max). */
export interface LoginSessionSummary {
  id: string;
  authTime: Instant;
  lastActiveAt: Instant;
  idleEndsAt: Instant | null;
  maxEndsAt: Instant | null;
}

/** A refresh-token family that is alive: its grant, and its current token's instants. */
export interface RefreshFamilySummary {
  id: string;
  clientId: string;
  scopes: string[];
  sessionId: string | null;
  authTime: Instant;
  createdAt: Instant;
  /** The family's absolute end, which no rotation extends (null: none). */
  absoluteEndsAt: Instant | null;
  currentTokenIssuedAt: Instant;
  /** The current refresh token's own end (null: none). */
  currentTokenEndsAt: Instant | null;
}

export interface Paged<T> {
  items: T[];
  /** The id to ask `after` for the next page; null on the last one. */
  next: string | null;
}

export interface UserSignInsDeps {
  clock: Clock;
  sessionStore: SessionRepository;
  loginSessions: LoginSessions;
  grants: GrantRepository;
  resolver: PolicyResolver;
  notBefores: NotBeforeRegistry;
  audit: AuditLog;
}

/** Keyset paging where the store answered `read` rows, of which the caller keeps some. */
const pageOf = <R, T>(read: R[], limit: number, idOf: (row: R) => string, items: T[]): Paged<T> => {
  const last = read.at(-1);
  return { items, next: read.length === limit && last !== undefined ? idOf(last) : null };
};

const NOTHING: Paged<never> = { items: [], next: null };

/**
 * A user's login sessions and refresh-token families, as an administrator sees and ends them. "Alive" is judged
 * as a login or a refresh would judge it: the policy's idle and maximum session lifetimes, the family's absolute
 * end and its token's end, the not-befores of the service, the tenant chain, the client and the user, and the
 * account's validity.
 */
export class UserSignIns {
  constructor(private readonly deps: UserSignInsDeps) {}

  async sessions(user: User, page: PageQuery): Promise<Paged<LoginSessionSummary>> {
    const { settings, tenantIds } = await userPolicy(this.deps.resolver, user);
    const now = this.deps.clock.now();
    if (accountExpired(user, settings.accountValidity, now)) return NOTHING;
    const idle = settings.sessionIdleTtl === 'none' ? null : settings.sessionIdleTtl * 1000;
    const max = settings.sessionMaxTtl === 'none' ? null : settings.sessionMaxTtl * 1000;
    // a session made at or before a not-before of its path has ended (login-sessions.ts)
    const notBefore = later(this.deps.notBefores.latest(tenantIds), user.accessNotBefore);
    const read = await this.deps.sessionStore.listLiveOfUser(
      user.id,
      {
        activeAfter: idle === null ? null : now - idle,
        authenticatedAfter: later(max === null ? null : now - max, notBefore),
      },
      page,
    );
    const items = read.map((session) => ({
      id: session.id,
      authTime: session.authTime,
      lastActiveAt: session.lastActiveAt,
      idleEndsAt: idle === null ? null : session.lastActiveAt + idle,
      maxEndsAt: max === null ? null : session.authTime + max,
    }));
    return pageOf(read, page.limit, (session) => session.id, items);
  }

  async refreshFamilies(user: User, page: PageQuery): Promise<Paged<RefreshFamilySummary>> {
    const { settings, tenantIds } = await userPolicy(this.deps.resolver, user);
    const now = this.deps.clock.now();
    if (accountExpired(user, settings.accountValidity, now)) return NOTHING;
    const read = await this.deps.grants.listLiveFamiliesOfUser(user.id, now, page);
    const items = read
      // "expire all tokens" of the service, a tenant, the client or the user ends the families created before it
      .filter(
        ({ grant }) =>
          !endedByNotBefore(
            grant.createdAt,
            later(this.deps.notBefores.latest(tenantIds, grant.clientId), user.refreshNotBefore),
          ),
      )
      .map(({ grant, currentToken }) => ({
        id: grant.id,
        clientId: grant.clientId,
        scopes: grant.scope === '' ? [] : grant.scope.split(' '),
        sessionId: grant.sessionId,
        authTime: grant.authTime,
        createdAt: grant.createdAt,
        absoluteEndsAt: grant.absoluteExpiresAt,
        currentTokenIssuedAt: currentToken.issuedAt,
        currentTokenEndsAt: currentToken.expiresAt,
      }));
    return pageOf(read, page.limit, (family) => family.grant.id, items);
  }

  /**
   * Ends one of the user's login sessions as a logout would: the browser must log in again, and the grants the
   * session created are revoked (every token of the user too, when the policy's `revokeAllOnLogout` says so).
   * Ending a session that has already ended changes nothing.
   */
  async endSession(user: User, sessionId: string, context: AuditContext): Promise<void> {
    const session = await this.deps.sessionStore.get(sessionId);
    if (!session || session.userId !== user.id) {
      throw new NotFound(`login session ${sessionId} of user ${user.id} does not exist`);
    }
    if (session.endedAt !== null) return;
    await this.deps.loginSessions.end(session);
    await this.deps.audit.record(context, {
      action: 'session.ended',
      outcome: 'success',
      tenantId: user.tenantId,
      subject: user.id,
      details: { sessionId },
    });
  }

  /**
   * Revokes a refresh-token family as RFC 7009 §2.1 revokes a refresh token: its grant ends, so its refresh token
   * and the access tokens based on it stop working. Revoking a revoked family changes nothing (§2.2).
   */
  async revokeFamily(user: User, familyId: string, context: AuditContext): Promise<void> {
    const grant = await this.deps.grants.get(familyId);
    if (!grant || grant.userId !== user.id) {
      throw new NotFound(`refresh family ${familyId} of user ${user.id} does not exist`);
    }
    if (!(await this.deps.grants.revoke(grant.id, this.deps.clock.now()))) return;
    await this.deps.audit.record(context, {
      action: 'token.revoked',
      outcome: 'success',
      tenantId: user.tenantId,
      subject: user.id,
      details: { tokenType: 'refresh_token', grantId: grant.id },
    });
  }
}
