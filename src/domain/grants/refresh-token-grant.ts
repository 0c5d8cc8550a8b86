import type { GrantRepository, RefreshTokenWithGrant } from '../../ports/grant-repository.ts';
import type { AccountStanding } from '../accounts/account-standing.ts';
import type { User } from '../accounts/user.ts';
import type { Client } from '../clients/client.ts';
import type { Clock } from '../clock.ts';
import type { ConfigurationCache } from '../configuration-cache.ts';
import { InvalidGrant, InvalidScope } from '../errors.ts';
import type { PolicyDecision, PolicyResolver } from '../policy/policy-resolver.ts';
import { applyRequestedLifetime } from '../policy/resolve.ts';
import { endedByNotBefore, later, type NotBeforeRegistry } from '../revocation/not-before.ts';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer.ts';
import type { IdTokenIssuer } from '../tokens/id-token-issuer.ts';
import { refreshTokenExpiresAt, secondsUntil } from '../tokens/refresh-lifetime.ts';
import { findPresentedRefreshToken, newRefreshToken } from '../tokens/refresh-tokens.ts';
import { openSuccessor, sealSuccessor } from '../tokens/successor-box.ts';
import { refreshAllowed, userTokenPolicy } from '../tokens/user-tokens.ts';
import type { GrantHandler, TokenGrantResult, TokenRequest } from './grant.ts';

const REFUSED = 'the refresh token is invalid, expired or revoked';

/**
 * RFC 6749 §6 with the rotation rules of lifetime-policy.md: a family's absolute end is never extended; with
 * rotation, each use retires the token in one compare-and-swap; within `refreshTokenReuseInterval` a retry gets
 * the same successor pair; after it, a reuse revokes the whole family (OAuth 2.1 §4.3.1).
 */
export class RefreshTokenGrant implements GrantHandler {
  readonly grantType = 'refresh_token';

  constructor(
    private readonly clock: Clock,
    private readonly resolver: PolicyResolver,
    private readonly grants: GrantRepository,
    private readonly standing: AccountStanding,
    private readonly configuration: ConfigurationCache,
    private readonly notBefores: NotBeforeRegistry,
    private readonly accessTokens: AccessTokenIssuer,
    private readonly idTokens: IdTokenIssuer,
  ) {}

  async handle({ client, param }: TokenRequest): Promise<TokenGrantResult> {
    const presented = param('refresh_token');
    if (presented === undefined) throw new InvalidGrant('refresh_token is required');
    const found = await findPresentedRefreshToken(this.grants, presented);
    if (!found || found.grant.clientId !== client.id) throw new InvalidGrant(REFUSED);
    const user = await this.liveUser(found, client);
    const scopes = narrowedScopes(found.grant.scope, param('scope'));
    const decision = await userTokenPolicy(this.resolver, client, user, scopes);
    if (!refreshAllowed(client, decision)) throw new InvalidGrant(REFUSED);
    const now = this.clock.now();
    const { token, grant } = found;
    if (token.rotatedAt !== null) return this.reuse(found, presented, decision, now);
    if (token.expiresAt !== null && now >= token.expiresAt) throw new InvalidGrant(REFUSED);
    if (grant.absoluteExpiresAt !== null && now >= grant.absoluteExpiresAt) throw new InvalidGrant(REFUSED);

    const access = await this.accessTokens.mint({
      decision,
      lifetime: applyRequestedLifetime(decision, 'accessTokenTtl', undefined),
      tenantId: grant.tenantId,
      clientId: client.id,
      grantId: grant.id,
      userNotBefore: user.accessNotBefore,
      subject: user.id,
      subjectClass: grant.subjectClass,
      scopes,
      audience: client.id,
    });
    const idToken = scopes.includes('openid')
      ? await this.idTokens.issue({
          decision,
          clientId: client.id,
          userId: user.id,
          authTime: grant.authTime,
          sessionId: grant.sessionId,
          accessToken: access.issued.token,
        })
      : undefined;
    const response = (refreshToken: string, refreshExpiresAt: number | null): TokenGrantResult => {
      const refreshTokenExpiresIn = secondsUntil(refreshExpiresAt, now);
      return {
        accessToken: access.issued.token,
        accessTokenFormat: access.issued.format,
        tokenType: 'Bearer',
        expiresIn: access.issued.expiresIn,
        scope: access.issued.claims.scope,
        refreshToken,
        ...(refreshTokenExpiresIn !== undefined && { refreshTokenExpiresIn }),
        ...(idToken && { idToken }),
      };
    };

    if (!decision.settings.refreshTokenRotation) {
      // the same refresh token stays; sliding expiration renews its window
      const expiresAt = refreshTokenExpiresAt(decision.settings, grant, now, token.expiresAt);
      if (expiresAt !== token.expiresAt) await this.grants.extend(token.id, expiresAt);
      await access.persist();
      return response(presented, expiresAt);
    }
    const successor = newRefreshToken(
      grant.id,
      now,
      refreshTokenExpiresAt(decision.settings, grant, now, token.expiresAt),
    );
    const result = response(successor.token, successor.record.expiresAt);
    const outcome = await this.grants.rotate(
      token.id,
      successor.record,
      // without a reuse interval no retry may ever get this pair again: there is nothing to seal
      decision.settings.refreshTokenReuseInterval > 0 ? sealSuccessor(result, presented, grant.id) : null,
      now,
      // an opaque access token is stored in the rotation's commit, so a lost race leaves no orphan token
      access.record,
    );
    if (outcome.kind === 'already-rotated') {
      // a concurrent call rotated it first: this call is a retry of that one
      const raced = { ...token, rotatedAt: outcome.rotatedAt, successorBox: outcome.successorBox };
      return this.reuse({ ...found, token: raced }, presented, decision, now);
    }
    if (access.issued.kid !== grant.signingKid && access.issued.kid !== null) {
      await this.grants.recordSigningKey(grant.id, access.issued.kid);
    }
    return result;
  }

  /** The user behind the family, if the family, the user and the account still stand. */
  private async liveUser({ grant, user: holder }: RefreshTokenWithGrant, client: Client): Promise<User> {
    const [user, tenants] = await Promise.all([
      this.standing.holder(grant.revokedAt, holder),
      this.configuration.tenantChain(grant.tenantId),
    ]);
    if (!user || tenants.length === 0) throw new InvalidGrant(REFUSED);
    // "expire all tokens" of the service, a tenant, the client or the user ends the families created before it
    const pathNotBefore = this.notBefores.latest(
      tenants.map((t) => t.id),
      client.id,
    );
    if (endedByNotBefore(grant.createdAt, later(pathNotBefore, user.refreshNotBefore))) {
      throw new InvalidGrant(REFUSED);
    }
    return user;
  }

  /** A rotated token presented again: the same successor within the reuse interval, else the family ends. */
  private async reuse(
    { token, grant }: RefreshTokenWithGrant,
    presented: string,
    decision: PolicyDecision,
    now: number,
  ): Promise<TokenGrantResult> {
    const interval = decision.settings.refreshTokenReuseInterval * 1000;
    // within the interval means strictly before its end: with an interval of 0, every reuse ends the family
    if (token.rotatedAt !== null && now - token.rotatedAt < interval && token.successorBox !== null) {
      const same = openSuccessor<TokenGrantResult>(token.successorBox, presented, grant.id);
      if (same) return same;
    }
    await this.grants.revoke(grant.id, now);
    throw new InvalidGrant(REFUSED);
  }
}

/** RFC 6749 §6: a refresh may ask for fewer scopes than the grant has, never more. */
function narrowedScopes(granted: string, requested: string | undefined): string[] {
  const all = granted === '' ? [] : granted.split(' ');
  if (requested === undefined) return all;
  const asked = [...new Set(requested.split(' ').filter((s) => s !== ''))];
  const extra = asked.filter((scope) => !all.includes(scope));
  if (extra.length > 0) throw new InvalidScope(`scope exceeds the original grant: ${extra.join(' ')}`);
  return asked;
}
