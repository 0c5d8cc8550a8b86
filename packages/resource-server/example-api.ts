/**
 * A small orders API on Fastify, protected by Lifespan access tokens with this package's Fastify plugin. Run it
 * with `npm run example`; see README.
 *
 *   GET  /orders   any valid token
 *   POST /orders   a token with the `orders:write` scope
 *   GET  /healthz  open
 */
import Fastify from 'fastify';
import {
  accessTokenOf,
  createResourceServer,
  fastifyRequireScopes,
  fastifyResourceServer,
} from './src/index.ts';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`set ${name}`);
  return value;
};

const introspectionClient = process.env.INTROSPECTION_CLIENT_ID;
const feedClient = process.env.FEED_CLIENT_ID;
const server = createResourceServer({
  issuer: env('ISSUER', 'http://127.0.0.1:8080'),
  // Lifespan names the client a token was issued to as its audience: list the clients that may call this API
  audience: env('AUDIENCE').split(','),
  realm: 'orders',
  // opaque tokens need a client of the same tenant to introspect them; JWTs need nothing more
  ...(introspectionClient !== undefined && {
    introspection: { clientId: introspectionClient, clientSecret: env('INTROSPECTION_CLIENT_SECRET') },
  }),
  // with a client allowed lifespan:revocations, a JWT the server ends is refused here within about a second
  ...(feedClient !== undefined && {
    revocationFeed: { clientId: feedClient, clientSecret: env('FEED_CLIENT_SECRET') },
  }),
});

const orders: { id: number; by: string }[] = [];
const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ ok: true }));
await app.register(async (api) => {
  await api.register(fastifyResourceServer, { server });
  api.get('/orders', async (request) => ({ caller: accessTokenOf(request).subject, orders }));
  api.post(
    '/orders',
    { preHandler: fastifyRequireScopes(server, ['orders:write']) },
    async (request, reply) => {
      const order = { id: orders.length + 1, by: accessTokenOf(request).subject };
      orders.push(order);
      return reply.code(201).send(order);
    },
  );
});
app.addHook('onClose', async () => server.close());

const port = Number(env('API_PORT', '3000'));
await app.listen({ port, host: '127.0.0.1' });
console.log(`orders API on http://127.0.0.1:${port}/orders`);
