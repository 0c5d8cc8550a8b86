import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  preHandlerAsyncHookHandler,
} from 'fastify';
import type { ResourceServer, VerifyOptions } from '../resource-server.ts';
import type { AccessToken, VerificationFailure } from '../types.ts';
import { failureParts } from './failure-response.ts';

export interface FastifyResourceServerOptions extends VerifyOptions {
  server: ResourceServer;
}

// kept beside the request rather than declared on FastifyRequest, so no global type is changed
const tokens = new WeakMap<FastifyRequest, AccessToken>();

function send(reply: FastifyReply, failure: VerificationFailure): FastifyReply {
  const { status, headers, body } = failureParts(failure);
  return reply.code(status).headers(headers).send(body);
}

async function register(app: FastifyInstance, options: FastifyResourceServerOptions): Promise<void> {
  const { server, ...verifyOptions } = options;
  app.addHook('onRequest', async (request, reply) => {
    const result = await server.verify({ headers: request.headers }, verifyOptions);
    if (!result.ok) return send(reply, result);
    tokens.set(request, result.token);
  });
}

/**
 * A Fastify plugin: every route of the scope it is registered in needs a valid bearer token; read it with
 * `accessTokenOf(request)`. Like plugins wrapped by fastify-plugin, it does not open a scope of its own, so its
 * hook reaches its siblings: register it inside the scope to protect (`app.register(async (api) => ...)`).
 */
export const fastifyResourceServer: FastifyPluginAsync<FastifyResourceServerOptions> = Object.assign(
  register,
  {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: '@lifespan/resource-server',
  },
);

/** The verified token of a request in the plugin's scope. */
export function accessTokenOf(request: FastifyRequest): AccessToken {
  const token = tokens.get(request);
  if (!token) throw new Error('this route is not inside the fastifyResourceServer plugin');
  return token;
}

/** A route's preHandler: 403 insufficient_scope (RFC 6750 §3.1) unless the token holds every scope. */
export function fastifyRequireScopes(
  server: ResourceServer,
  scopes: readonly string[],
): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const failure = server.requireScopes(accessTokenOf(request), scopes);
    if (failure) return send(reply, failure);
  };
}
