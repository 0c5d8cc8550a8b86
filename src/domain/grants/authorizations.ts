import type { AuthorizationCodeRepository } from '../../ports/authorization-code-repository.ts';
import type { Clock } from '../clock.ts';
import { LoginRequired } from '../errors.ts';
import type { PolicyResolver } from '../policy/policy-resolver.ts';
import type { ActiveSession } from '../sessions/login-sessions.ts';
import { digest, randomSecret } from '../tokens/secrets.ts';
import { type UserTokens, userTokenPolicy } from '../tokens/user-tokens.ts';
import { type AuthorizationRequest, RedirectedError } from './authorization-request.ts';

/** Where the user agent goes with what: RFC 6749 §4.1.2 (query) or §4.2.2 (fragment). */
export interface AuthorizationAnswer {
  redirectUri: string;
  responseMode: 'query' | 'fragment';
  parameters: Record<string, string>;
}

/** The authorization endpoint's decisions once a request is valid: log in first, or answer. */
export class Authorizations {
  constructor(
    private readonly issuer: string,
    private readonly clock: Clock,
    private readonly resolver: PolicyResolver,
    private readonly codes: AuthorizationCodeRepository,
    private readonly userTokens: UserTokens,
  ) {}

  /**
   * Whether the user must (again) log in: no session for the client's tenant, `prompt=login`, or an
   * authentication older than `max_age` (OpenID Connect Core §3.1.2.1). With `prompt=none` that is an error.
   */
  needsLogin(
    request: AuthorizationRequest,
    active: ActiveSession | undefined,
    justLoggedIn: boolean,
  ): boolean {
    const needs =
      !active ||
      active.user.tenantId !== request.client.tenantId ||
      (!justLoggedIn && request.prompt.has('login')) ||
      (request.maxAge !== undefined && this.clock.now() - active.session.authTime > request.maxAge * 1000);
    if (needs && request.prompt.has('none')) {
      throw new RedirectedError(
        new LoginRequired('the user must log in'),
        request.redirectUri,
        request.responseType === 'token' ? 'fragment' : 'query',
        request.state,
      );
    }
    return needs;
  }

  /** Issues the code (or, for the legacy implicit grant, the access token) for a logged-in user. */
  async answer(
    request: AuthorizationRequest,
    { session, user }: ActiveSession,
  ): Promise<AuthorizationAnswer> {
    const state = request.state === undefined ? {} : { state: request.state };
    if (request.responseType === 'token') {
      // RFC 6749 §4.2.2: no refresh token in the implicit grant
      const issued = await this.userTokens.issue({
        client: request.client,
        user,
        scopes: request.scopes,
        sessionId: session.id,
        authTime: session.authTime,
        nonce: request.nonce,
        withRefreshToken: false,
      });
      return {
        redirectUri: request.redirectUri,
        responseMode: 'fragment',
        parameters: {
          access_token: issued.accessToken,
          token_type: 'Bearer',
          expires_in: String(issued.expiresIn),
          scope: issued.scope,
          ...state,
        },
      };
    }
    const decision = await userTokenPolicy(this.resolver, request.client, user, request.scopes);
    const code = randomSecret();
    const now = this.clock.now();
    await this.codes.insert({
      hash: digest(code),
      clientId: request.client.id,
      userId: user.id,
      sessionId: session.id,
      redirectUri: request.redirectUriSent,
      scope: request.scopes.join(' '),
      nonce: request.nonce ?? null,
      codeChallenge: request.codeChallenge ?? null,
      authTime: session.authTime,
      expiresAt: now + decision.settings.authorizationCodeTtl * 1000,
      consumedAt: null,
      grantId: null,
    });
    // RFC 9207: the issuer in the response defends the client against mix-up attacks
    return {
      redirectUri: request.redirectUri,
      responseMode: 'query',
      parameters: { code, ...state, iss: this.issuer },
    };
  }
}
