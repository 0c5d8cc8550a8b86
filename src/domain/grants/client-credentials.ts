import { UnauthorizedClient } from '../errors.ts';
import type { PolicyResolver } from '../policy/policy-resolver.ts';
import { applyRequestedLifetime } from '../policy/resolve.ts';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer.ts';
import type { GrantHandler, TokenGrantResult, TokenRequest } from './grant.ts';
import { grantedScopes, requestedExpiresIn } from './request-parameters.ts';

/** RFC 6749 §4.4: a confidential client obtains a token for itself (subject class `service`). */
export class ClientCredentialsGrant implements GrantHandler {
  readonly grantType = 'client_credentials';

  constructor(
    private readonly policies: PolicyResolver,
    private readonly accessTokens: AccessTokenIssuer,
  ) {}

  async handle({ client, param }: TokenRequest): Promise<TokenGrantResult> {
    if (client.tokenEndpointAuthMethod === 'none') {
      throw new UnauthorizedClient('the client_credentials grant is for confidential clients only');
    }
    const scopes = grantedScopes(client, param('scope'));
    const decision = await this.policies.resolve({
      tenantId: client.tenantId,
      clientId: client.id,
      subjectClass: 'service',
      scopes,
    });
    const lifetime = applyRequestedLifetime(
      decision,
      'accessTokenTtl',
      requestedExpiresIn(param('expires_in')),
    );
    const issued = await this.accessTokens.issue({
      decision,
      lifetime,
      tenantId: client.tenantId,
      clientId: client.id,
      subject: client.id, // RFC 9068 §2.2: a client acting for itself is the subject
      subjectClass: 'service',
      scopes,
      audience: client.id,
    });
    // RFC 6749 §4.4.3: no refresh token for this grant
    return {
      accessToken: issued.token,
      accessTokenFormat: issued.format,
      tokenType: 'Bearer',
      expiresIn: issued.expiresIn,
      scope: issued.claims.scope,
    };
  }
}
