import { randomUUID } from 'node:crypto';
import type { GrantRepository } from '../../ports/grant-repository.ts';
import type { User } from '../accounts/user.ts';
import type { Client } from '../clients/client.ts';
import type { Clock, Instant } from '../clock.ts';
import type { TokenGrantResult } from '../grants/grant.ts';
import type { PolicyDecision, PolicyResolver } from '../policy/policy-resolver.ts';
import { applyRequestedLifetime } from '../policy/resolve.ts';
import { createdAfter, later, type NotBeforeRegistry } from '../revocation/not-before.ts';
import type { AccessTokenIssuer } from './access-token-issuer.ts';
import type { Grant } from './grant.ts';
import type { IdTokenIssuer } from './id-token-issuer.ts';
import { familyEndsAt, refreshTokenExpiresAt, secondsUntil } from './refresh-lifetime.ts';
import { newRefreshToken } from './refresh-tokens.ts';

/** A user who just authenticated, and what they authorized the client to get. */
export interface LoginOrder {
  client: Client;
  user: User;
  scopes: readonly string[];
  sessionId: string | null;
  authTime: Instant;
  nonce?: string | null | undefined;
  /** `expires_in` asked for (the request level). */
  requestedLifetime?: number | undefined;
  /** False for the implicit grant, which never carries a refresh token. */
  withRefreshToken?: boolean;
}

export interface UserTokensResult extends TokenGrantResult {
  grantId: string;
}

/** The policy of a user's tokens at a client. */
export const userTokenPolicy = (
  resolver: PolicyResolver,
  client: Client,
  user: User,
  scopes: readonly string[],
) =>
  resolver.resolve({
    tenantId: user.tenantId,
    clientId: client.id,
    subjectClass: user.subjectClass,
    scopes,
    user: { id: user.id, policy: user.policy },
  });

/** May this client hold refresh tokens under this policy? */
export const refreshAllowed = (
  client: Pick<Client, 'grantTypes'>,
  decision: Pick<PolicyDecision, 'settings'>,
): boolean => decision.settings.refreshTokenEnabled && client.grantTypes.includes('refresh_token');

/**
 * Issues the tokens of a login: a grant (the refresh family, created even without refresh tokens so that logout
 * and revocation have something to end), its first refresh token, an access token naming the grant, and an ID
 * token when `openid` was granted.
 */
export class UserTokens {
  constructor(
    private readonly clock: Clock,
    private readonly resolver: PolicyResolver,
    private readonly grants: GrantRepository,
    private readonly accessTokens: AccessTokenIssuer,
    private readonly idTokens: IdTokenIssuer,
    private readonly notBefores: NotBeforeRegistry,
  ) {}

  async issue(order: LoginOrder): Promise<UserTokensResult> {
    const { client, user, scopes } = order;
    const now = this.clock.now();
    const decision = await userTokenPolicy(this.resolver, client, user, scopes);
    const lifetime = applyRequestedLifetime(decision, 'accessTokenTtl', order.requestedLifetime);
    const grantId = randomUUID();
    const access = await this.accessTokens.mint({
      decision,
      lifetime,
      tenantId: user.tenantId,
      clientId: client.id,
      grantId,
      userNotBefore: user.accessNotBefore,
      subject: user.id,
      subjectClass: user.subjectClass,
      scopes,
      audience: client.id,
    });
    const grant: Grant = {
      id: grantId,
      tenantId: user.tenantId,
      clientId: client.id,
      userId: user.id,
      subjectClass: user.subjectClass,
      scope: scopes.join(' '),
      sessionId: order.sessionId,
      authTime: order.authTime,
      createdAt: createdAfter(
        now,
        later(this.notBefores.latest(decision.tenantIds, client.id), user.refreshNotBefore),
      ),
      absoluteExpiresAt: familyEndsAt(decision.settings, order.authTime),
      revokedAt: null,
      signingKid: access.issued.kid,
    };
    const refresh =
      order.withRefreshToken !== false && refreshAllowed(client, decision)
        ? newRefreshToken(grant.id, now, refreshTokenExpiresAt(decision.settings, grant, now))
        : undefined;
    await this.grants.insert(grant, refresh?.record);
    await access.persist();
    const idToken = scopes.includes('openid')
      ? await this.idTokens.issue({
          decision,
          clientId: client.id,
          userId: user.id,
          authTime: order.authTime,
          nonce: order.nonce,
          sessionId: order.sessionId,
          accessToken: access.issued.token,
        })
      : undefined;
    const refreshExpiresIn = refresh && secondsUntil(refresh.record.expiresAt, now);
    return {
      grantId: grant.id,
      accessToken: access.issued.token,
      accessTokenFormat: access.issued.format,
      tokenType: 'Bearer',
      expiresIn: access.issued.expiresIn,
      scope: access.issued.claims.scope,
      ...(refresh && { refreshToken: refresh.token }),
      ...(refreshExpiresIn !== undefined && { refreshTokenExpiresIn: refreshExpiresIn }),
      ...(idToken && { idToken }),
    };
  }
}
