import { randomUUID } from 'node:crypto';
import type { GrantRepository } from '../../ports/grant-repository.ts';
import type { SessionRepository } from '../../ports/session-repository.ts';
import type { TenantRepository } from '../../ports/tenant-repository.ts';
import type { UserQuery, UserRepository } from '../../ports/user-repository.ts';
import { administersProblems } from '../admin/administrators.ts';
import type { AuditContext } from '../audit/audit-event.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock, Instant } from '../clock.ts';
import { type FieldProblem, NotFound, ValidationFailed } from '../errors.ts';
import type { PolicyChange } from '../policy/change.ts';
import type { PolicyWarning } from '../policy/lint.ts';
import type { PolicyAdministration } from '../policy/policy-administration.ts';
import type { PolicyResolver } from '../policy/policy-resolver.ts';
import type { NotBeforeRegistry } from '../revocation/not-before.ts';
import type { LoginSessions } from '../sessions/login-sessions.ts';
import type { DeviceLock, Lockout, UserLock } from './lockout.ts';
import { checkPasswordRules, hashPassword } from './passwords.ts';
import { USER_SUBJECT_CLASSES, type User, type UserProfile, type UserSubjectClass } from './user.ts';
import { userPolicy } from './user-policies.ts';
import { UserSignIns } from './user-sign-ins.ts';

export interface UserInput {
  tenantId: string;
  username?: string | null | undefined;
  password?: string | undefined;
  subjectClass?: UserSubjectClass | undefined;
  validUntil?: Instant | null | undefined;
  profile?: UserProfile | undefined;
  policy?: unknown;
  /** A console administrator's tenant (their subtree), or null for the whole service. */
  administers?: string | null | undefined;
}

export type UserPatch = Partial<Omit<UserInput, 'tenantId' | 'password'>> & {
  /** false unlocks a user locked by the brute-force lockout (seed 004); a lock only comes from failed logins. */
  lockedForSecurityReasons?: boolean | undefined;
};

export interface UserResult {
  user: User;
  warnings: PolicyWarning[];
}

export interface UserAdministrationDeps {
  clock: Clock;
  users: UserRepository;
  tenants: TenantRepository;
  grants: GrantRepository;
  policies: PolicyAdministration;
  resolver: PolicyResolver;
  lockout: Lockout;
  audit: AuditLog;
  sessionStore: SessionRepository;
  loginSessions: LoginSessions;
  notBefores: NotBeforeRegistry;
}

/** The brute-force lock of a user while it lasts, and the devices of their username that count now. */
export interface LockState {
  lock: UserLock | undefined;
  devices: DeviceLock[];
}

const USERNAME_MAX = 200;

export class UserAdministration {
  /** The user's login sessions and refresh-token families. */
  readonly signIns: UserSignIns;

  constructor(private readonly deps: UserAdministrationDeps) {
    this.signIns = new UserSignIns(deps);
  }

  async create(input: UserInput): Promise<UserResult> {
    const subjectClass = input.subjectClass ?? (input.username ? 'user' : 'anonymous');
    const administers = input.administers ?? null;
    const problems = [
      ...userProblems(input.username ?? null, subjectClass),
      ...(await administersProblems(this.deps.tenants, input.tenantId, subjectClass, administers)),
    ];
    if (!(await this.deps.tenants.get(input.tenantId))) {
      problems.unshift({ field: 'tenantId', message: `tenant ${input.tenantId} does not exist` });
    }
    if (problems.length > 0) throw new ValidationFailed('the user is not valid', problems);
    if (input.password !== undefined) checkPasswordRules(input.password);
    const id = randomUUID();
    const { document, warnings } = await this.deps.policies.check(
      { level: 'user', id, tenantId: input.tenantId, subjectClass },
      input.policy ?? {},
    );
    const now = this.deps.clock.now();
    const user: User = {
      id,
      tenantId: input.tenantId,
      username: input.username ?? null,
      passwordHash: input.password === undefined ? null : await hashPassword(input.password),
      subjectClass,
      validUntil: input.validUntil ?? null,
      profile: input.profile ?? {},
      policy: document,
      accessNotBefore: null,
      refreshNotBefore: null,
      administers,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.users.insert(user);
    return { user, warnings };
  }

  async get(id: string): Promise<User> {
    const user = await this.deps.users.get(id);
    if (!user) throw new NotFound(`user ${id} does not exist`);
    return user;
  }

  list(query: UserQuery): Promise<User[]> {
    return this.deps.users.list(query);
  }

  /** `context` says who changes the user: an unlock is an audit event. */
  async update(id: string, patch: UserPatch, context: AuditContext): Promise<UserResult> {
    if (patch.lockedForSecurityReasons === true) {
      throw new ValidationFailed('the user is not valid', [
        {
          field: 'lockedForSecurityReasons',
          message: 'only false (unlock) can be set: locks come from failed logins',
        },
      ]);
    }
    const current = await this.get(id);
    const username = patch.username === undefined ? current.username : patch.username;
    const subjectClass = patch.subjectClass ?? current.subjectClass;
    const administers = patch.administers === undefined ? current.administers : patch.administers;
    const problems = [
      ...userProblems(username, subjectClass),
      ...(await administersProblems(this.deps.tenants, current.tenantId, subjectClass, administers)),
    ];
    if (problems.length > 0) throw new ValidationFailed('the user is not valid', problems);
    const { document, warnings } = await this.deps.policies.check(
      { level: 'user', id, tenantId: current.tenantId, subjectClass },
      patch.policy === undefined ? current.policy : patch.policy,
    );
    const user: User = {
      ...current,
      username,
      subjectClass,
      administers,
      validUntil: patch.validUntil === undefined ? current.validUntil : patch.validUntil,
      profile: patch.profile ?? current.profile,
      policy: document,
      updatedAt: this.deps.clock.now(),
    };
    const change: PolicyChange | undefined = sameDocument(current.policy, user.policy)
      ? undefined
      : {
          owner: { level: 'user', id },
          before: current.policy,
          after: user.policy,
          actor: context.actor,
          at: user.updatedAt,
        };
    await this.deps.users.update(user, change);
    if (change) await this.deps.policies.invalidateOnChange(change);
    if (patch.lockedForSecurityReasons === false) {
      await this.deps.lockout.unlock(current);
      await this.deps.audit.record(context, {
        action: 'user.unlocked',
        outcome: 'success',
        tenantId: user.tenantId,
        subject: user.id,
      });
    }
    return { user, warnings };
  }

  /** The brute-force lock of the user, while it lasts. */
  lock(user: User): Promise<UserLock | undefined> {
    return this.deps.lockout.userLock(user);
  }

  async lockState(user: User): Promise<LockState> {
    const [lock, devices] = await Promise.all([this.lock(user), this.deps.lockout.deviceLocks(user)]);
    return { lock, devices };
  }

  async delete(id: string): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.grants.revokeAllOfUser(id, now);
    // the user's JWTs end with them at resource servers too (the revocation feed publishes the not-before)
    await this.deps.users.raiseNotBefore(id, { access: true, refresh: true }, now);
    if (!(await this.deps.users.delete(id))) throw new NotFound(`user ${id} does not exist`);
  }

  /**
   * Sets a new password. Seed 001 and the policy's password-change rules: refresh tokens are revoked when
   * `revokeRefreshOnPasswordChange`, access tokens too when `revokeAccessOnPasswordChange`.
   */
  async setPassword(id: string, password: string): Promise<User> {
    checkPasswordRules(password);
    const current = await this.get(id);
    const now = this.deps.clock.now();
    const user = { ...current, passwordHash: await hashPassword(password), updatedAt: now };
    await this.deps.users.update(user);
    const { settings } = await userPolicy(this.deps.resolver, user);
    const which = {
      access: settings.revokeAccessOnPasswordChange,
      refresh: settings.revokeRefreshOnPasswordChange,
    };
    if (which.access || which.refresh) await this.deps.users.raiseNotBefore(id, which, now);
    return (await this.deps.users.get(id)) ?? user;
  }

  /** Ends every access and refresh token of the user issued until now (O(1): the user's not-before). */
  async expireTokens(id: string): Promise<Instant> {
    await this.get(id);
    const now = this.deps.clock.now();
    await this.deps.users.raiseNotBefore(id, { access: true, refresh: true }, now);
    return now;
  }
}

function userProblems(username: string | null, subjectClass: UserSubjectClass): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!USER_SUBJECT_CLASSES.includes(subjectClass)) {
    problems.push({ field: 'subjectClass', message: `expected one of ${USER_SUBJECT_CLASSES.join(', ')}` });
  }
  if (username !== null && (username.trim() === '' || username.length > USERNAME_MAX)) {
    problems.push({ field: 'username', message: `use 1 to ${USERNAME_MAX} characters` });
  }
  return problems;
}

const sameDocument = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
