/**
 * A small orders API protected by Lifespan access tokens, on node:http with the Express-style middleware (the
 * same functions plug into Express as `app.use(bearerAuth(server))`). Run it with `npm run example`; see README.
 *
 *   GET  /orders  any valid token
 *   POST /orders  a token with the `orders:write` scope
 */
import { createServer, type IncomingMessage } from 'node:http';
import { type AccessToken, bearerAuth, createResourceServer, requireScopesMiddleware } from './src/index.ts';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`set ${name}`);
  return value;
};

const introspectionClient = process.env.INTROSPECTION_CLIENT_ID;
const server = createResourceServer({
  issuer: env('ISSUER', 'http://127.0.0.1:8080'),
  // Lifespan names the client a token was issued to as its audience: list the clients that may call this API
  audience: env('AUDIENCE').split(','),
  realm: 'orders',
  // opaque tokens need a client of the same tenant to introspect them; JWTs need nothing more
  ...(introspectionClient !== undefined && {
    introspection: { clientId: introspectionClient, clientSecret: env('INTROSPECTION_CLIENT_SECRET') },
  }),
});

const authenticate = bearerAuth(server);
const canWrite = requireScopesMiddleware(server, ['orders:write']);
const orders: { id: number; by: string }[] = [];

const api = createServer((req: IncomingMessage & { auth?: AccessToken }, res) => {
  const fail = (error: unknown) => {
    console.error(error);
    res.statusCode = 500;
    res.end();
  };
  const reply = (status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  };
  if (req.url !== '/orders') return reply(404, { error: 'not found' });
  authenticate(req, res, (error) => {
    if (error !== undefined) return fail(error);
    const caller = req.auth?.subject ?? '';
    if (req.method === 'GET') return reply(200, { caller, orders });
    if (req.method !== 'POST') return reply(405, { error: 'method not allowed' });
    canWrite(req, res, (refusal) => {
      if (refusal !== undefined) return fail(refusal);
      const order = { id: orders.length + 1, by: caller };
      orders.push(order);
      reply(201, order);
    });
  });
});

const port = Number(env('API_PORT', '3000'));
api.listen(port, '127.0.0.1', () => console.log(`orders API on http://127.0.0.1:${port}/orders`));
