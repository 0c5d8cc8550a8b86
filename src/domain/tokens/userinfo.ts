import { InsufficientScope, InvalidToken } from '../errors.ts';
import type { AccessTokenValidity } from './access-token-validity.ts';

/** OpenID Connect Core §5.3: the claims about the user that the token's scopes release. */
export class Userinfo {
  constructor(private readonly validity: AccessTokenValidity) {}

  async claims(accessToken: string): Promise<Record<string, unknown>> {
    const valid = await this.validity.check(accessToken);
    if (!valid?.user) throw new InvalidToken('the access token is invalid, expired or revoked');
    const scopes = valid.token.scope.split(' ');
    if (!scopes.includes('openid')) throw new InsufficientScope('the token was not granted the openid scope');
    const { profile, id } = valid.user;
    return {
      sub: id,
      ...(scopes.includes('profile') && profile.name !== undefined && { name: profile.name }),
      ...(scopes.includes('email') && profile.email !== undefined && { email: profile.email }),
      ...(scopes.includes('email') &&
        profile.email_verified !== undefined && { email_verified: profile.email_verified }),
    };
  }
}
