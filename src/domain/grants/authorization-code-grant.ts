import type { AuthorizationCodeRepository } from '../../ports/authorization-code-repository.ts';
import type { GrantRepository } from '../../ports/grant-repository.ts';
import type { UserRepository } from '../../ports/user-repository.ts';
import type { AccountStanding } from '../accounts/account-standing.ts';
import type { Clock } from '../clock.ts';
import { InvalidGrant, InvalidRequest } from '../errors.ts';
import { endedByNotBefore } from '../revocation/not-before.ts';
import { digest } from '../tokens/secrets.ts';
import type { UserTokens } from '../tokens/user-tokens.ts';
import type { GrantHandler, TokenGrantResult, TokenRequest } from './grant.ts';
import { verifierMatches } from './pkce.ts';

const REFUSED = 'the authorization code is invalid, expired or already used';

/** RFC 6749 §4.1.3 with RFC 7636 PKCE: a code is exchanged once, by its client, with its redirect URI. */
export class AuthorizationCodeGrant implements GrantHandler {
  readonly grantType = 'authorization_code';

  constructor(
    private readonly clock: Clock,
    private readonly codes: AuthorizationCodeRepository,
    private readonly grants: GrantRepository,
    private readonly users: UserRepository,
    private readonly standing: AccountStanding,
    private readonly userTokens: UserTokens,
  ) {}

  async handle({ client, param }: TokenRequest): Promise<TokenGrantResult> {
    const presented = param('code');
    if (presented === undefined) throw new InvalidRequest('code is required');
    const hash = digest(presented);
    const now = this.clock.now();
    const code = await this.codes.find(hash);
    if (!code) throw new InvalidGrant(REFUSED);
    if (code.consumedAt !== null) return this.secondUse(code.grantId, now);
    // a refused exchange changes nothing: whoever holds a stolen code cannot spend it for its client
    if (code.clientId !== client.id || now >= code.expiresAt) throw new InvalidGrant(REFUSED);
    // RFC 6749 §4.1.3: the redirect URI must be identical to the one of the authorization request
    if (code.redirectUri !== '' && param('redirect_uri') !== code.redirectUri) {
      throw new InvalidGrant('redirect_uri does not match the authorization request');
    }
    const verifier = param('code_verifier');
    if (code.codeChallenge === null) {
      // OAuth 2.1 §4.1.3: a verifier for a code issued without a challenge is refused
      if (verifier !== undefined)
        throw new InvalidGrant('no code_challenge was sent with the authorization request');
    } else if (verifier === undefined || !verifierMatches(verifier, code.codeChallenge)) {
      throw new InvalidGrant('code_verifier does not match the code_challenge');
    }
    const user = await this.users.get(code.userId);
    if (!user || !(await this.standing.usable(user))) throw new InvalidGrant(REFUSED);
    // a lock, "expire all tokens" or a password change since the login ends what the login produced
    if (endedByNotBefore(code.authTime, user.accessNotBefore)) throw new InvalidGrant(REFUSED);
    // single use: of concurrent exchanges only one consumes the code; the others are second uses
    if (!(await this.codes.consume(hash, now))) {
      return this.secondUse((await this.codes.find(hash))?.grantId ?? null, now);
    }
    const issued = await this.userTokens.issue({
      client,
      user,
      scopes: code.scope === '' ? [] : code.scope.split(' '),
      sessionId: code.sessionId,
      authTime: code.authTime,
      nonce: code.nonce,
    });
    await this.codes.attachGrant(hash, issued.grantId);
    const { grantId: _grant, ...result } = issued;
    return result;
  }

  /** RFC 6749 §4.1.2: a code used twice is refused, and every token issued from it is revoked. */
  private async secondUse(grantId: string | null, now: number): Promise<never> {
    if (grantId !== null) await this.grants.revoke(grantId, now);
    throw new InvalidGrant(REFUSED);
  }
}
