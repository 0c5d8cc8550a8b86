import type { AccessTokenRepository } from '../../ports/access-token-repository.ts';
import type { GrantRepository } from '../../ports/grant-repository.ts';
import type { Client } from '../clients/client.ts';
import type { Clock } from '../clock.ts';
import { UnauthorizedClient } from '../errors.ts';
import type { OpaqueTokenCache } from './opaque-token-cache.ts';
import { findPresentedRefreshToken } from './refresh-tokens.ts';
import type { AccessTokenReader } from './token-reader.ts';

/** What was revoked, for the audit log. */
export interface RevokedToken {
  tenantId: string;
  subject: string;
  /** The token type, and the access token's id or the refresh token's grant: never the token itself. */
  details: { tokenType: 'access_token'; jti: string } | { tokenType: 'refresh_token'; grantId: string };
}

const NOT_YOURS = 'the token was not issued to this client';

/** RFC 7009 token revocation. */
export class Revocation {
  constructor(
    private readonly clock: Clock,
    private readonly reader: AccessTokenReader,
    private readonly tokens: AccessTokenRepository,
    private readonly grants: GrantRepository,
    private readonly cache: OpaqueTokenCache,
    /** Tells the other instances to drop the token from their caches (Redis); nothing on one instance. */
    private readonly announceRevoked: (id: string) => Promise<void> = async () => undefined,
  ) {}

  /**
   * Revokes a token issued to `caller`: an access token, or a refresh token — which ends its whole grant, the
   * access tokens based on it included (§2.1). Unknown, malformed and already invalid tokens are not an error
   * (§2.2); a token issued to another client is refused (§2.1). `token_type_hint` only orders the search.
   */
  async revoke(token: string, caller: Client, hint?: string): Promise<RevokedToken | undefined> {
    if (hint === 'refresh_token')
      return (await this.revokeRefresh(token, caller)) ?? this.revokeAccess(token, caller);
    return (await this.revokeAccess(token, caller)) ?? this.revokeRefresh(token, caller);
  }

  private async revokeAccess(token: string, caller: Client): Promise<RevokedToken | undefined> {
    const read = await this.reader.read(token);
    if (!read) return undefined;
    if (read.clientId !== caller.id) throw new UnauthorizedClient(NOT_YOURS);
    if (read.format === 'opaque') {
      this.cache.delete(read.jti);
      await this.tokens.revokeById(read.jti, this.clock.now());
      await this.announceRevoked(read.jti);
    } else {
      await this.tokens.revokeJwt(read.jti, read.expiresAt, read.tenantId);
    }
    return {
      tenantId: read.tenantId,
      subject: read.subject,
      details: { tokenType: 'access_token', jti: read.jti },
    };
  }

  private async revokeRefresh(token: string, caller: Client): Promise<RevokedToken | undefined> {
    const found = await findPresentedRefreshToken(this.grants, token);
    if (!found) return undefined;
    if (found.grant.clientId !== caller.id) throw new UnauthorizedClient(NOT_YOURS);
    await this.grants.revoke(found.grant.id, this.clock.now());
    return {
      tenantId: found.grant.tenantId,
      subject: found.grant.userId,
      details: { tokenType: 'refresh_token', grantId: found.grant.id },
    };
  }
}
