import type { Instant } from '../clock.ts';
import type { PolicyDocument } from '../policy/document.ts';

export const GRANT_TYPES = [
  'client_credentials',
  'authorization_code',
  'refresh_token',
  'urn:ietf:params:oauth:grant-type:device_code',
  'implicit',
] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** RFC 7591 §2 token_endpoint_auth_method values this server supports. */
export const TOKEN_ENDPOINT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'] as const;
export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];

export interface Client {
  /** The OAuth client_id. */
  id: string;
  tenantId: string;
  name: string;
  /** SHA-256 of the secret (base64url); null for public clients. The secret itself is shown once, at creation. */
  secretHash: string | null;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  grantTypes: GrantType[];
  /** Scopes the client may request. */
  scopes: string[];
  redirectUris: string[];
  /** OpenID Connect RP-Initiated Logout §2: where the client may be sent after logout. */
  postLogoutRedirectUris: string[];
  /** The operator's own app: may use the first-party auth API (/api/v1/auth). */
  firstParty: boolean;
  policy: PolicyDocument;
  notBefore: Instant | null;
  createdAt: Instant;
  updatedAt: Instant;
}
