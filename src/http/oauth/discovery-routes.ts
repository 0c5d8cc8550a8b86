import type { FastifyInstance } from 'fastify';
import type { KeyRing } from '../../domain/keys/key-ring.ts';
import { SIGNING_ALGORITHMS } from '../../domain/policy/settings.ts';

export interface DiscoveryDeps {
  issuer: string;
  keys: KeyRing;
  grantTypes: () => string[];
}

const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post'];

/**
 * RFC 8414 metadata, also served as OpenID Connect Discovery 1.0 §3, listing every endpoint that exists.
 * `implicit` (response type `token`) is listed as supported, but it is legacy and enabled per client only.
 */
export function authorizationServerMetadata(issuer: string, grantTypes: string[]) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/authorize`,
    token_endpoint: `${issuer}/oauth2/token`,
    jwks_uri: `${issuer}/oauth2/jwks`,
    userinfo_endpoint: `${issuer}/oauth2/userinfo`,
    introspection_endpoint: `${issuer}/oauth2/introspect`,
    revocation_endpoint: `${issuer}/oauth2/revoke`,
    // Lifespan's own: what ends tokens before their exp, for resource servers (not an IANA-registered name)
    revocation_feed_endpoint: `${issuer}/oauth2/revocations`,
    device_authorization_endpoint: `${issuer}/oauth2/device_authorization`,
    end_session_endpoint: `${issuer}/oauth2/end_session`,
    grant_types_supported: [...grantTypes, 'implicit'],
    response_types_supported: ['code', 'token'],
    response_modes_supported: ['query', 'fragment'],
    scopes_supported: ['openid', 'profile', 'email'],
    subject_types_supported: ['public'],
    claims_supported: CLAIMS,
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS, 'none'],
    introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    id_token_signing_alg_values_supported: [...SIGNING_ALGORITHMS],
    access_token_signing_alg_values_supported: [...SIGNING_ALGORITHMS],
    authorization_response_iss_parameter_supported: true,
  };
}

const CLAIMS = [
  'sub',
  'iss',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'at_hash',
  'sid',
  'name',
  'email',
  'email_verified',
];

export function registerDiscoveryRoutes(
  app: FastifyInstance,
  { issuer, keys, grantTypes }: DiscoveryDeps,
): void {
  const metadata = () => authorizationServerMetadata(issuer, grantTypes());
  app.get('/.well-known/oauth-authorization-server', async () => metadata());
  app.get('/.well-known/openid-configuration', async () => metadata());
  app.get('/oauth2/jwks', async (_request, reply) => {
    // keys rotate; a short cache keeps verifiers current
    reply.header('cache-control', 'public, max-age=300');
    return keys.jwks();
  });
}
