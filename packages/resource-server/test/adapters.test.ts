import { createServer, type IncomingMessage, type Server } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AccessToken,
  accessTokenOf,
  authenticateRequest,
  bearerAuth,
  createResourceServer,
  fastifyRequireScopes,
  fastifyResourceServer,
  type ResourceServer,
  requireScopesMiddleware,
} from '../src/index.ts';
import {
  clientToken,
  createClient,
  createTenant,
  type ServedLifespan,
  servedLifespan,
} from './support/lifespan-server.ts';

interface Answer {
  status: number;
  wwwAuthenticate: string | null;
  body: string;
}

type Call = (method: 'GET' | 'POST', authorization?: string) => Promise<Answer>;

const answerOf = async (response: Response): Promise<Answer> => ({
  status: response.status,
  wwwAuthenticate: response.headers.get('www-authenticate'),
  body: await response.text(),
});

/** A real HTTP call to a loopback API: GET /orders needs a token, POST /orders the `write` scope too. */
const overHttp =
  (origin: () => string): Call =>
  async (method, authorization) =>
    answerOf(
      await fetch(`${origin()}/orders`, {
        method,
        headers: authorization === undefined ? {} : { authorization },
      }),
    );

function nodeApi(server: ResourceServer): Server {
  const authenticate = bearerAuth(server);
  const canWrite = requireScopesMiddleware(server, ['write']);
  return createServer((req: IncomingMessage & { auth?: AccessToken }, res) => {
    const fail = (error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    };
    const answer = () => res.end(JSON.stringify({ subject: req.auth?.subject }));
    authenticate(req, res, (error) => {
      if (error !== undefined) return fail(error);
      if (req.method !== 'POST') return answer();
      canWrite(req, res, (refusal) => (refusal === undefined ? answer() : fail(refusal)));
    });
  });
}

async function fastifyApi(server: ResourceServer): Promise<FastifyInstance> {
  const app = Fastify();
  app.get('/health', async () => 'ok');
  await app.register(async (api) => {
    await api.register(fastifyResourceServer, { server });
    api.get('/orders', async (request) => ({ subject: accessTokenOf(request).subject }));
    api.post('/orders', { preHandler: fastifyRequireScopes(server, ['write']) }, async (request) => ({
      subject: accessTokenOf(request).subject,
    }));
  });
  return app;
}

/** A Fetch-API handler, as Hono or a worker would run it. */
const fetchApi =
  (server: ResourceServer) =>
  async (request: Request): Promise<Response> => {
    const scopes = request.method === 'POST' ? ['write'] : [];
    const result = await authenticateRequest(server, request, { scopes });
    if (!result.ok) return result.response;
    return Response.json({ subject: result.token.subject });
  };

describe('adapters: Express-style middleware, Fastify plugin, Fetch-API function', () => {
  let served: ServedLifespan;
  let node: Server;
  let fastify: FastifyInstance;
  let nodeOrigin = '';
  let fastifyOrigin = '';
  let readToken = '';
  let server: ResourceServer;

  beforeAll(async () => {
    served = await servedLifespan();
    await createTenant(served.lifespan);
    readToken = (
      await clientToken(served.lifespan, await createClient(served.lifespan, 'service-a'), { scope: 'read' })
    ).access_token;
    server = createResourceServer({
      issuer: served.issuer,
      audience: 'service-a',
      realm: 'orders',
      now: () => served.lifespan.clock.now(),
    });
    node = nodeApi(server);
    await new Promise<void>((resolve) => node.listen(0, '127.0.0.1', resolve));
    const address = node.address();
    nodeOrigin = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
    fastify = await fastifyApi(server);
    fastifyOrigin = await fastify.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await new Promise((resolve) => node.close(resolve));
    await fastify.close();
    await served.lifespan.close();
  });

  const adapters: [string, () => Call][] = [
    ['Express-style middleware on node:http', () => overHttp(() => nodeOrigin)],
    ['Fastify plugin', () => overHttp(() => fastifyOrigin)],
    [
      'Fetch-API function',
      () => async (method, authorization) =>
        answerOf(
          await fetchApi(server)(
            new Request('http://api.example/orders', {
              method,
              headers: authorization === undefined ? {} : { authorization },
            }),
          ),
        ),
    ],
  ];

  describe.each(adapters)('%s', (_name, adapter) => {
    it('passes a valid token through with its subject', async () => {
      expect(await adapter()('GET', `Bearer ${readToken}`)).toEqual({
        status: 200,
        wwwAuthenticate: null,
        body: '{"subject":"service-a"}',
      });
    });

    it('answers a request without a token 401 with the bare challenge (RFC 6750 §3.1)', async () => {
      const bare = { status: 401, wwwAuthenticate: 'Bearer realm="orders"', body: '' };
      expect(await adapter()('GET')).toEqual(bare);
      // another scheme is no bearer token either
      expect(await adapter()('GET', 'Basic c2VydmljZS1hOnNlY3JldA==')).toEqual(bare);
    });

    it('answers a malformed Authorization header 400 invalid_request', async () => {
      const description = 'the Authorization header is not a single Bearer token';
      expect(await adapter()('GET', `Bearer ${readToken} ${readToken}`)).toEqual({
        status: 400,
        wwwAuthenticate: `Bearer realm="orders", error="invalid_request", error_description="${description}"`,
        body: JSON.stringify({ error: 'invalid_request', error_description: description }),
      });
    });

    it('answers an invalid token 401 invalid_token', async () => {
      const description = 'the access token is malformed';
      expect(await adapter()('GET', 'Bearer abc.def.ghi')).toEqual({
        status: 401,
        wwwAuthenticate: `Bearer realm="orders", error="invalid_token", error_description="${description}"`,
        body: JSON.stringify({ error: 'invalid_token', error_description: description }),
      });
    });

    it('answers a token without the required scope 403 insufficient_scope naming the scope', async () => {
      const description = 'the access token lacks a scope this resource requires';
      expect(await adapter()('POST', `Bearer ${readToken}`)).toEqual({
        status: 403,
        wwwAuthenticate: `Bearer realm="orders", error="insufficient_scope", error_description="${description}", scope="write"`,
        body: JSON.stringify({ error: 'insufficient_scope', error_description: description }),
      });
    });
  });

  it('leaves Fastify routes outside the plugin scope open', async () => {
    const response = await fetch(`${fastifyOrigin}/health`);
    expect([response.status, await response.text()]).toEqual([200, 'ok']);
  });
});
