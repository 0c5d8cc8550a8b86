import type { FastifyInstance, HTTPMethods } from 'fastify';
import { sendOAuthError } from '../oauth-error.ts';

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** RFC 9110 §15.5.6: a known endpoint asked with another method answers 405 with `Allow`. */
export function answerOtherMethods(app: FastifyInstance, urls: string[], allowed: 'GET' | 'POST'): void {
  const others = METHODS.filter((method) => method !== allowed && !(allowed === 'GET' && method === 'HEAD'));
  for (const url of urls) {
    app.route({
      method: others,
      url,
      schema: { hide: true },
      handler: (_request, reply) => {
        reply.header('allow', allowed);
        return sendOAuthError(reply, 'invalid_request', `use ${allowed}`, 405);
      },
    });
  }
}
