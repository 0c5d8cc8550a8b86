import type { Client, GrantType } from '../clients/client.ts';
import type { AccessTokenFormat } from '../policy/settings.ts';

/** The token endpoint's parameters, already checked for duplicates; the client already authenticated. */
export interface TokenRequest {
  client: Client;
  param(name: string): string | undefined;
}

/** RFC 6749 §5.1 successful response, in domain terms. */
export interface TokenGrantResult {
  accessToken: string;
  accessTokenFormat: AccessTokenFormat;
  tokenType: 'Bearer';
  expiresIn: number;
  scope: string;
  refreshToken?: string;
  refreshTokenExpiresIn?: number;
  idToken?: string;
}

export interface GrantHandler {
  readonly grantType: GrantType;
  handle(request: TokenRequest): Promise<TokenGrantResult>;
}
