import type { FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';

/** Applies the per-client and per-address limits of the client's tenant (or the service's, for no client). */
export async function limitRequest(
  services: Services,
  request: FastifyRequest,
  clientId?: string,
): Promise<void> {
  const known = clientId === undefined ? {} : await services.clientAuthentication.known(clientId);
  await services.rateLimits.check({ ...known, address: request.ip });
}
