import { randomUUID } from 'node:crypto';
import type { GrantRepository } from '../../ports/grant-repository.ts';
import type { UserRepository } from '../../ports/user-repository.ts';
import type { AuditContext } from '../audit/audit-event.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Client } from '../clients/client.ts';
import type { Clock, Instant } from '../clock.ts';
import type { ConfigurationCache } from '../configuration-cache.ts';
import { InvalidGrant, InvalidToken, UnauthorizedClient } from '../errors.ts';
import { grantedScopes } from '../grants/request-parameters.ts';
import type { PolicyResolver } from '../policy/policy-resolver.ts';
import type { LoginSessions } from '../sessions/login-sessions.ts';
import type { AccessTokenValidity, ValidAccessToken } from '../tokens/access-token-validity.ts';
import type { UserTokens, UserTokensResult } from '../tokens/user-tokens.ts';
import type { ExternalLogin } from './external-login.ts';
import type { PasswordLogin } from './password-login.ts';
import { checkPasswordRules, type PasswordChecker } from './passwords.ts';
import type { User, UserProfile } from './user.ts';
import type { UserAdministration } from './user-administration.ts';
import { userPolicy } from './user-policies.ts';

export interface FirstPartyRequest {
  client: Client;
  scope?: string | undefined;
  /** `expires_in` asked for: honoured up to the ceiling (clamped, or refused where the policy says reject). */
  requestedLifetime?: number | undefined;
}

export interface SavedTokenInfo {
  token: ValidAccessToken['token'];
  user: User;
}

/**
 * The first-party auth API (seed 001): the operator's own apps sign up, log in (password, anonymous, external
 * identity) and get the standard token response under the current policy. A saved token is never re-issued or
 * extended: `me` reports its own expiry.
 */
export class FirstPartyAuth {
  constructor(
    private readonly deps: {
      clock: Clock;
      users: UserRepository;
      grants: GrantRepository;
      configuration: ConfigurationCache;
      resolver: PolicyResolver;
      administration: UserAdministration;
      passwordLogin: PasswordLogin;
      passwordChecker: PasswordChecker;
      externalLogin: ExternalLogin;
      sessions: LoginSessions;
      userTokens: UserTokens;
      validity: AccessTokenValidity;
      audit: AuditLog;
    },
  ) {}

  async signup(
    request: FirstPartyRequest,
    username: string,
    password: string,
    profile: UserProfile,
    context: AuditContext,
  ) {
    const client = checkedClient(request.client);
    const { user } = await this.deps.administration.create({
      tenantId: client.tenantId,
      username,
      password,
      subjectClass: 'user',
      profile,
    });
    await this.recordLogin(context, user, 'signup');
    return this.tokens(request, user);
  }

  /** `deviceId`: the app's device_id, or the client address; brute-force lockout counts per device. */
  async login(
    request: FirstPartyRequest,
    username: string,
    password: string,
    deviceId: string,
    context: AuditContext,
  ) {
    const client = checkedClient(request.client);
    const user = await this.deps.passwordLogin.authenticate(
      client.tenantId,
      username,
      password,
      deviceId,
      context,
    );
    return this.tokens(request, user);
  }

  /** A pseudo user: no credentials; its tokens follow the `anonymous` subject class (seed 001 #6). */
  async anonymous(request: FirstPartyRequest) {
    const client = checkedClient(request.client);
    const { user } = await this.deps.administration.create({
      tenantId: client.tenantId,
      subjectClass: 'anonymous',
    });
    return this.tokens(request, user);
  }

  async external(request: FirstPartyRequest, idToken: string, context: AuditContext) {
    const client = checkedClient(request.client);
    const tenant = (await this.deps.configuration.tenantChain(client.tenantId)).at(-1);
    if (!tenant) throw new InvalidGrant('the tenant no longer exists');
    let user: User;
    try {
      user = await this.deps.externalLogin.authenticate(tenant, idToken);
    } catch (error) {
      const details = { method: 'external' };
      await this.deps.audit.record(context, {
        action: 'login',
        outcome: 'failure',
        tenantId: tenant.id,
        details,
      });
      throw error;
    }
    await this.recordLogin(context, user, 'external');
    return this.tokens(request, user);
  }

  /** Login with a saved token (seed 001 #3): its subject and its own expiry; nothing is issued. */
  async savedToken(accessToken: string): Promise<SavedTokenInfo> {
    const valid = await this.deps.validity.check(accessToken);
    if (!valid?.user) throw new InvalidToken('the access token is invalid, expired or revoked');
    return { token: valid.token, user: valid.user };
  }

  /** Ends the token's login; with `revokeAllOnLogout`, every token and session of the user. */
  async logout(accessToken: string, context: AuditContext): Promise<void> {
    const { token, user } = await this.savedToken(accessToken);
    const now = this.deps.clock.now();
    await this.deps.audit.record(context, {
      action: 'logout',
      outcome: 'success',
      tenantId: user.tenantId,
      subject: user.id,
    });
    if (token.grantId !== null) await this.deps.grants.revoke(token.grantId, now);
    if ((await userPolicy(this.deps.resolver, user)).settings.revokeAllOnLogout) {
      await this.deps.sessions.endEverything(user.id, now);
    }
  }

  /** Changes the password after checking the current one; the policy decides which tokens end. */
  async changePassword(accessToken: string, current: string, next: string): Promise<Instant> {
    const { user } = await this.savedToken(accessToken);
    checkPasswordRules(next, 'new_password');
    if (!(await this.deps.passwordChecker.matches(user.passwordHash, current))) {
      throw new InvalidGrant('the current password is wrong');
    }
    await this.deps.administration.setPassword(user.id, next);
    return this.deps.clock.now();
  }

  private recordLogin(context: AuditContext, user: User, method: string) {
    return this.deps.audit.record(context, {
      action: 'login',
      outcome: 'success',
      tenantId: user.tenantId,
      subject: user.id,
      details: { method },
    });
  }

  private async tokens(request: FirstPartyRequest, user: User): Promise<UserTokensResult> {
    const scopes = grantedScopes(request.client, request.scope);
    return this.deps.userTokens.issue({
      client: request.client,
      user,
      scopes,
      sessionId: null,
      authTime: this.deps.clock.now(),
      requestedLifetime: request.requestedLifetime,
    });
  }
}

/** Only the operator's own apps (clients marked first-party) may use this API. */
function checkedClient(client: Client): Client {
  if (!client.firstParty) throw new UnauthorizedClient('this client may not use the first-party auth API');
  return client;
}

/** A user known only by an external identity. */
export const externalUser =
  (clock: Clock) =>
  (tenantId: string, profile: UserProfile): User => {
    const now = clock.now();
    return {
      id: randomUUID(),
      tenantId,
      username: null,
      passwordHash: null,
      subjectClass: 'user',
      validUntil: null,
      profile,
      policy: {},
      accessNotBefore: null,
      refreshNotBefore: null,
      administers: null,
      createdAt: now,
      updatedAt: now,
    };
  };
