import type { FastifyReply } from 'fastify';

/** RFC 6749 §5.1: responses carrying tokens or token data must not be cached. */
export const noStore = (reply: FastifyReply): FastifyReply =>
  reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
