import type { GrantRepository } from '../../ports/grant-repository.ts';
import { Unauthorized } from '../errors.ts';
import type { LoginSessions } from '../sessions/login-sessions.ts';
import type { AccessTokenValidity } from '../tokens/access-token-validity.ts';
import type { AdminKeys } from './admin-keys.ts';
import { type Administrator, SERVICE_SCOPE, scopeOf } from './admin-scope.ts';
import { CONSOLE_CLIENT_ID, SERVICE_TENANT_ID } from './built-ins.ts';

const REFUSED = 'a valid admin key or console access token is required';

/**
 * Who may call the management API: an admin key (the whole service), or an access token the console obtained
 * for an administrator — a user of class `admin` in the service tenant — whose console session is alive. Each
 * call with a token is the administrator's activity: it keeps the session from its idle end, and a session
 * past its idle or maximum lifetime refuses the token (seed 004's administrator inactivity timeout).
 */
export class ManagementAccess {
  constructor(
    private readonly adminKeys: AdminKeys,
    private readonly validity: AccessTokenValidity,
    private readonly grants: GrantRepository,
    private readonly sessions: LoginSessions,
  ) {}

  async authenticate(presented: string): Promise<Administrator> {
    const keyActor = await this.adminKeys.find(presented);
    if (keyActor !== undefined) return { actor: keyActor, scope: SERVICE_SCOPE };
    return this.consoleCaller(presented);
  }

  /** The administrator a console access token speaks for, with their console session (touched). */
  private async consoleCaller(presented: string): Promise<Administrator> {
    const valid = await this.validity.check(presented);
    const user = valid?.user;
    // RFC 9068 §4: the token must have been issued to the console, for an administrator
    if (
      !valid ||
      !user ||
      valid.token.clientId !== CONSOLE_CLIENT_ID ||
      valid.token.audience !== CONSOLE_CLIENT_ID ||
      user.tenantId !== SERVICE_TENANT_ID ||
      user.subjectClass !== 'admin' ||
      valid.token.grantId === null
    ) {
      throw new Unauthorized(REFUSED);
    }
    const grant = await this.grants.get(valid.token.grantId);
    const session = grant?.sessionId ? await this.sessions.continue(grant.sessionId) : undefined;
    if (!session) throw new Unauthorized('the console session has ended; sign in again');
    return {
      actor: `admin:${user.username ?? user.id}`,
      scope: scopeOf(user),
      console: session,
    };
  }
}
