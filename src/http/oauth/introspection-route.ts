import type { FastifyInstance } from 'fastify';
import type { ClientAuthentication } from '../../domain/clients/client-authentication.ts';
import type { Introspection } from '../../domain/tokens/introspection.ts';
import type { ReadAccessToken } from '../../domain/tokens/token-reader.ts';
import { noStore } from './no-store.ts';
import { confidentialCredentials, formOf, requiredParameter } from './request.ts';

const introspectionResponse = {
  type: 'object',
  properties: {
    active: { type: 'boolean' },
    scope: { type: 'string' },
    client_id: { type: 'string' },
    token_type: { type: 'string' },
    exp: { type: 'integer' },
    iat: { type: 'integer' },
    sub: { type: 'string' },
    aud: { type: 'string' },
    iss: { type: 'string' },
    jti: { type: 'string' },
    tid: { type: 'string' },
    policy_version: { type: 'integer' },
  },
  required: ['active'],
} as const;

/** RFC 7662 §2.2 members of an active token, plus the tenant and the policy version it was minted under. */
const activeBody = (token: ReadAccessToken, issuer: string) => ({
  active: true,
  scope: token.scope,
  client_id: token.clientId,
  token_type: 'Bearer',
  exp: token.expiresAt / 1000,
  iat: token.issuedAt / 1000,
  sub: token.subject,
  aud: token.audience,
  iss: issuer,
  jti: token.jti,
  tid: token.tenantId,
  policy_version: token.policyVersion,
});

export interface IntrospectionRouteDeps {
  issuer: string;
  clientAuthentication: ClientAuthentication;
  introspection: Introspection;
}

/** RFC 7662 token introspection, for authenticated clients of the token's tenant. */
export function registerIntrospectionRoute(app: FastifyInstance, deps: IntrospectionRouteDeps): void {
  app.post(
    '/oauth2/introspect',
    { schema: { response: { 200: introspectionResponse } } },
    async (request, reply) => {
      const form = formOf(request);
      const caller = await deps.clientAuthentication.authenticate(confidentialCredentials(request, form));
      const token = requiredParameter(form, 'token');
      const active = await deps.introspection.activeToken(token, caller.tenantId);
      noStore(reply);
      // RFC 7662 §2.2: an inactive token reveals nothing beyond "active": false
      return active ? activeBody(active, deps.issuer) : { active: false };
    },
  );
}
