import type { AccountStanding } from '../accounts/account-standing.ts';
import type { User } from '../accounts/user.ts';
import type { Clock } from '../clock.ts';
import type { ConfigurationCache } from '../configuration-cache.ts';
import { endedByNotBefore, type NotBeforeRegistry } from '../revocation/not-before.ts';
import type { AccessTokenReader, ReadAccessToken } from './token-reader.ts';

export interface ValidAccessToken {
  token: ReadAccessToken;
  /** The user the token is for; undefined for a client acting for itself. */
  user: User | undefined;
}

/**
 * Whether a presented access token is valid now. Every check that can end a token runs on every call, whatever
 * was cached: expiry, revocation, the not-before instants of the service, the tenant chain and the client, the
 * existence of the tenant and the client, and for a user's token its grant and account.
 */
export class AccessTokenValidity {
  constructor(
    private readonly clock: Clock,
    private readonly reader: AccessTokenReader,
    private readonly configuration: ConfigurationCache,
    private readonly notBefores: NotBeforeRegistry,
    private readonly standing: AccountStanding,
  ) {}

  async check(presented: string): Promise<ValidAccessToken | undefined> {
    const token = await this.reader.read(presented);
    if (!token || token.revoked || this.clock.now() >= token.expiresAt) return undefined;
    const [tenants, client] = await Promise.all([
      this.configuration.tenantChain(token.tenantId),
      this.configuration.client(token.clientId),
    ]);
    if (tenants.length === 0 || !client || client.tenantId !== token.tenantId) return undefined;
    const notBefore = this.notBefores.latest(
      tenants.map((t) => t.id),
      token.clientId,
    );
    if (endedByNotBefore(token.issuedAt, notBefore)) return undefined;
    if (token.grantId === null) return { token, user: undefined };
    // a user's token: its grant (logout, code reuse, refresh reuse) and account (expiry, not-before) decide too
    const standing = await this.standing.ofGrant(token.grantId);
    if (!standing || endedByNotBefore(token.issuedAt, standing.user.accessNotBefore)) return undefined;
    return { token, user: standing.user };
  }
}
