import type { UserRepository } from '../../ports/user-repository.ts';
import type { AuditContext } from '../audit/audit-event.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { InvalidGrant } from '../errors.ts';
import type { LoginSessions } from '../sessions/login-sessions.ts';
import type { AccountStanding } from './account-standing.ts';
import { LOCKED_OUT, type Lockout } from './lockout.ts';
import type { PasswordChecker } from './passwords.ts';
import type { User } from './user.ts';

export const WRONG_CREDENTIALS = 'invalid username or password';

/**
 * Password authentication for every login path (login page, first-party API, device login). An unknown user
 * and a wrong password answer the same, in about the same time (a decoy hash is checked), and count towards
 * the lockout the same.
 */
export class PasswordLogin {
  constructor(
    private readonly clock: Clock,
    private readonly users: UserRepository,
    private readonly checker: PasswordChecker,
    private readonly standing: AccountStanding,
    private readonly lockout: Lockout,
    private readonly sessions: LoginSessions,
    private readonly audit: AuditLog,
  ) {}

  /** `deviceId`: the device_id the login names, or the client's address. */
  async authenticate(
    tenantId: string,
    username: string,
    password: string,
    deviceId: string,
    context: AuditContext,
  ): Promise<User> {
    const refuse = async (reason: string, message: string, user?: User): Promise<never> => {
      const details = { method: 'password', reason, device: deviceId };
      await this.audit.record(context, {
        action: 'login',
        outcome: 'failure',
        tenantId,
        subject: user?.id ?? username,
        details,
      });
      throw new InvalidGrant(message);
    };
    const user = await this.users.findByUsername(tenantId, username);
    const rule = await this.lockout.rule(tenantId, user);
    if (await this.lockout.locked(tenantId, username, deviceId, rule))
      return refuse('locked', LOCKED_OUT, user);
    const matches = await this.checker.matches(user?.passwordHash, password);
    if (!user || !matches) {
      const outcome = await this.lockout.failed(tenantId, username, deviceId, rule);
      if (outcome.deviceLocked) {
        const details = { device: deviceId, username };
        await this.audit.record(context, {
          action: 'device.locked',
          outcome: 'success',
          tenantId,
          subject: user?.id ?? username,
          details,
        });
      }
      if (outcome.userLocked && user) {
        // seed 004: at the moment of locking, every session and token of the user ends
        await this.sessions.endEverything(user.id, this.clock.now());
        await this.audit.record(context, {
          action: 'user.locked',
          outcome: 'success',
          tenantId,
          subject: user.id,
        });
      }
      // a failure that arrived while another one was locking the device is already beyond the lock point
      return outcome.alreadyLocked
        ? refuse('locked', LOCKED_OUT, user)
        : refuse('wrong-credentials', WRONG_CREDENTIALS, user);
    }
    await this.lockout.succeeded(tenantId, username, deviceId);
    // only after the password proved who is asking does the answer differ
    if (!(await this.standing.usable(user)))
      return refuse('account-expired', 'the account has expired', user);
    await this.audit.record(context, {
      action: 'login',
      outcome: 'success',
      tenantId,
      subject: user.id,
      details: { method: 'password', device: deviceId },
    });
    return user;
  }
}
