import { randomUUID } from 'node:crypto';
import type { GrantRepository } from '../../ports/grant-repository.ts';
import type { SessionRepository } from '../../ports/session-repository.ts';
import type { UserRepository } from '../../ports/user-repository.ts';
import { accountExpired } from '../accounts/account-validity.ts';
import type { User } from '../accounts/user.ts';
import { userPolicy } from '../accounts/user-policies.ts';
import type { Clock, Instant } from '../clock.ts';
import type { PolicyResolver } from '../policy/policy-resolver.ts';
import { createdAfter, later, type NotBeforeRegistry } from '../revocation/not-before.ts';
import { digest, randomSecret } from '../tokens/secrets.ts';
import type { Session } from './session.ts';

export interface ActiveSession {
  session: Session;
  user: User;
}

/** A session just used, and when it will end unless used again (idle) or whatever happens (max). */
export interface LiveSession extends ActiveSession {
  idleEndsAt: Instant | null;
  maxEndsAt: Instant | null;
}

/**
 * Login sessions (browser SSO). A session ends after `sessionIdleTtl` without activity and `sessionMaxTtl` after
 * login, per the user's policy (so per subject class: seed 004's administrator inactivity); activity renews it.
 * It also ends with the tokens of its user, its tenant chain or the service (a not-before after its login):
 * otherwise the browser could fetch new tokens without a password right after "expire all tokens".
 */
export class LoginSessions {
  constructor(
    private readonly clock: Clock,
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly grants: GrantRepository,
    private readonly resolver: PolicyResolver,
    private readonly notBefores: NotBeforeRegistry,
  ) {}

  /** Starts a session for a user who just authenticated; the secret goes in the cookie. */
  async start(user: User): Promise<{ session: Session; secret: string }> {
    const { tenantIds } = await userPolicy(this.resolver, user);
    const now = createdAfter(this.clock.now(), this.notBefore(tenantIds, user));
    const secret = randomSecret();
    const session: Session = {
      id: randomUUID(),
      secretHash: digest(secret),
      userId: user.id,
      tenantId: user.tenantId,
      authTime: now,
      lastActiveAt: now,
      endedAt: null,
    };
    await this.sessions.insert(session);
    return { session, secret };
  }

  private notBefore(tenantIds: readonly string[], user: User): Instant | null {
    return later(this.notBefores.latest(tenantIds), user.accessNotBefore);
  }

  /** The session a cookie names, if it is still alive; records the activity. */
  async resume(secret: string | undefined): Promise<ActiveSession | undefined> {
    if (!secret) return undefined;
    const live = await this.live(await this.sessions.findBySecretHash(digest(secret)));
    return live && { session: live.session, user: live.user };
  }

  /**
   * The session with this id, if it is still alive, with the instants it will end at unless used again; records
   * the activity. The console's API calls use it: each one is the administrator's activity (seed 004).
   */
  async continue(sessionId: string): Promise<LiveSession | undefined> {
    return this.live(await this.sessions.get(sessionId));
  }

  private async live(session: Session | undefined): Promise<LiveSession | undefined> {
    if (!session || session.endedAt !== null) return undefined;
    const user = await this.users.get(session.userId);
    if (!user) return undefined;
    const now = this.clock.now();
    const { settings, tenantIds } = await userPolicy(this.resolver, user);
    const notBefore = this.notBefore(tenantIds, user);
    const idle = settings.sessionIdleTtl;
    const max = settings.sessionMaxTtl;
    const ended =
      (idle !== 'none' && now - session.lastActiveAt >= idle * 1000) ||
      (max !== 'none' && now - session.authTime >= max * 1000) ||
      (notBefore !== null && session.authTime <= notBefore) ||
      accountExpired(user, settings.accountValidity, now);
    if (ended) {
      await this.sessions.end(session.id, now);
      return undefined;
    }
    await this.sessions.touch(session.id, now);
    return {
      session: { ...session, lastActiveAt: now },
      user,
      idleEndsAt: idle === 'none' ? null : now + idle * 1000,
      maxEndsAt: max === 'none' ? null : session.authTime + max * 1000,
    };
  }

  /**
   * Ends a session (logout) and revokes the grants it created. With `revokeAllOnLogout`, every token of the
   * user ends too (its not-befores move).
   */
  async end(session: Session): Promise<void> {
    const now = this.clock.now();
    await this.sessions.end(session.id, now);
    await this.grants.revokeAllOfSession(session.id, now);
    const user = await this.users.get(session.userId);
    if (user && (await userPolicy(this.resolver, user)).settings.revokeAllOnLogout) {
      await this.endEverything(user.id, now);
    }
  }

  /** Every session and token of the user ends at once (logout everywhere, account lock). */
  async endEverything(userId: string, at: Instant): Promise<void> {
    await this.users.raiseNotBefore(userId, { access: true, refresh: true }, at);
    await this.sessions.endAllOfUser(userId, at);
  }
}
