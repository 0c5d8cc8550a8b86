import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminKeys } from '../../domain/admin/admin-keys.ts';
import { Unauthorized } from '../../domain/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who called the management API, for policy history and logs. */
    actor: string;
  }
}

const bearerToken = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  if (header === undefined || header.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const token = header.slice(7).trim();
  return token === '' ? undefined : token;
};

/** Requires a management API key (RFC 6750 bearer) on every route of the plugin it is installed in. */
export function requireAdminKey(app: FastifyInstance, adminKeys: AdminKeys): void {
  app.decorateRequest('actor', '');
  app.addHook('onRequest', async (request) => {
    const token = bearerToken(request);
    if (token === undefined) throw new Unauthorized('a bearer admin key is required');
    request.actor = await adminKeys.authenticate(token);
  });
}
