import type { AccessTokenValidity } from './access-token-validity.ts';
import type { ReadAccessToken } from './token-reader.ts';

/** RFC 7662: whether a token is active, and what it says when it is. */
export class Introspection {
  constructor(private readonly validity: AccessTokenValidity) {}

  /** The token when it is valid and of the caller's tenant (tokens of other tenants are not theirs to see). */
  async activeToken(token: string, callerTenantId: string): Promise<ReadAccessToken | undefined> {
    const valid = await this.validity.check(token);
    return valid && valid.token.tenantId === callerTenantId ? valid.token : undefined;
  }
}
