import type { FastifyInstance } from 'fastify';
import type { ClientAuthentication } from '../../domain/clients/client-authentication.ts';
import type { GrantRegistry } from '../../domain/grants/grant-registry.ts';
import type { RateLimits } from '../../domain/rate-limits.ts';
import type { IssuanceCounts } from '../../domain/statistics/issuance-counts.ts';
import type { HttpMetrics } from '../ops/metrics.ts';
import { noStore } from './no-store.ts';
import { formOf, presentedCredentials, requiredParameter } from './request.ts';

// a response schema lets Fastify serialize the hot path's body with a compiled serializer
const tokenResponse = {
  type: 'object',
  properties: {
    access_token: { type: 'string' },
    token_type: { type: 'string' },
    expires_in: { type: 'integer' },
    scope: { type: 'string' },
    refresh_token: { type: 'string' },
    refresh_token_expires_in: { type: 'integer' },
    id_token: { type: 'string' },
  },
  required: ['access_token', 'token_type', 'expires_in', 'scope'],
} as const;

export interface TokenRouteDeps {
  clientAuthentication: ClientAuthentication;
  grants: GrantRegistry;
  metrics: HttpMetrics;
  rateLimits: RateLimits;
  issuance: IssuanceCounts;
}

/** RFC 6749 §3.2 token endpoint. */
export function registerTokenRoute(
  app: FastifyInstance,
  { clientAuthentication, grants, metrics, rateLimits, issuance }: TokenRouteDeps,
): void {
  app.post('/oauth2/token', { schema: { response: { 200: tokenResponse } } }, async (request, reply) => {
    const form = formOf(request);
    const presented = presentedCredentials(request, form);
    await rateLimits.check({
      ...(await clientAuthentication.known(presented.clientId)),
      address: request.ip,
    });
    const client = await clientAuthentication.authenticate(presented);
    const grantType = requiredParameter(form, 'grant_type');
    const result = await grants.exchange(grantType, { client, param: (name) => form.get(name) });
    metrics.tokenIssued(grantType, result.accessTokenFormat);
    issuance.record(client.tenantId, grantType);
    noStore(reply);
    return {
      access_token: result.accessToken,
      token_type: result.tokenType,
      expires_in: result.expiresIn,
      scope: result.scope,
      refresh_token: result.refreshToken,
      refresh_token_expires_in: result.refreshTokenExpiresIn,
      id_token: result.idToken,
    };
  });
}
