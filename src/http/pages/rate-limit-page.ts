import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimited } from '../../domain/rate-limits.ts';
import type { Services } from '../../services.ts';
import { limitRequest } from '../rate-limit.ts';
import { errorPage } from './html.ts';

/** The login pages' rate limit: a 429 page with Retry-After instead of a JSON error. */
export async function rateLimitPage(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  clientId: string,
): Promise<FastifyReply | undefined> {
  try {
    await limitRequest(services, request, clientId);
    return undefined;
  } catch (error) {
    if (!(error instanceof RateLimited)) throw error;
    reply.header('retry-after', String(error.retryAfterSeconds));
    return errorPage(reply, 429, 'Too many attempts. Wait a minute and try again.');
  }
}
