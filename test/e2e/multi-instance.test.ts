import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshSchema, type TestDatabase } from '../support/databases.ts';
import { adminCall, type ServerProcess, startServer } from '../support/server-process.ts';

const postgres = process.env.TEST_DATABASE_URL;
const redis = process.env.TEST_REDIS_URL;

// two real server processes over one PostgreSQL and one Redis (the issue's "one behaviour" test)
describe.runIf(postgres && redis)('two instances over one PostgreSQL and one Redis', () => {
  let database: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  let serviceSecret = '';
  let feedSecret = '';

  const form = async (
    server: ServerProcess,
    path: string,
    fields: Record<string, string>,
    authorization?: string,
  ) => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(authorization !== undefined && { authorization }),
      },
      body: new URLSearchParams(fields),
    });
    return {
      status: response.status,
      body: (await response.json().catch(() => ({}))) as Record<string, unknown>,
    };
  };
  const json = async (server: ServerProcess, path: string, body: unknown) => {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const clientToken = (server: ServerProcess) =>
    form(server, '/oauth2/token', { grant_type: 'client_credentials' }, basic('svc', serviceSecret));
  const introspect = async (server: ServerProcess, token: string) =>
    (await form(server, '/oauth2/introspect', { token }, basic('svc', serviceSecret))).body;

  beforeAll(async () => {
    database = await freshSchema(postgres ?? '');
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis ?? '',
      REDIS_KEY_PREFIX: `multi:${Date.now()}:`,
      ISSUER: 'http://lifespan.test',
      ACCESS_TOKEN_FORMAT: 'opaque',
      INTROSPECTION_CACHE_TTL: '60',
      REFRESH_TOKEN_REUSE_INTERVAL: '30',
      // a slow poll: what is seen at once here is seen through Redis, not through polling
      CHANGE_POLL_INTERVAL: '600',
    };
    a = await startServer(env);
    b = await startServer(env);
    expect(
      (
        await adminCall(a, 'POST', '/admin/v1/tenants', {
          id: 'acme',
          name: 'Acme',
          policy: { deviceMaxFailures: 3 },
        })
      ).status,
    ).toBe(201);
    const service = await adminCall(a, 'POST', '/admin/v1/clients', {
      id: 'svc',
      tenantId: 'acme',
      name: 'Service',
    });
    serviceSecret = String(service.body.clientSecret);
    const feedClient = await adminCall(a, 'POST', '/admin/v1/clients', {
      id: 'feed',
      tenantId: 'acme',
      name: 'Revocation feed reader',
      scopes: ['lifespan:revocations'],
    });
    feedSecret = String(feedClient.body.clientSecret);
    await adminCall(a, 'POST', '/admin/v1/clients', {
      id: 'app',
      tenantId: 'acme',
      name: 'App',
      firstParty: true,
      tokenEndpointAuthMethod: 'none',
      grantTypes: ['refresh_token'],
    });
    await adminCall(a, 'POST', '/admin/v1/users', {
      tenantId: 'acme',
      username: 'alice',
      password: 'correct horse battery',
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('introspects on B a token issued by A', async () => {
    const issued = await clientToken(a);
    expect(issued.status).toBe(200);
    expect(await introspect(b, String(issued.body.access_token))).toMatchObject({
      active: true,
      client_id: 'svc',
      iss: 'http://lifespan.test',
    });
  });

  it('sees on A, at once and through its introspection cache, a revocation made on B', async () => {
    const token = String((await clientToken(a)).body.access_token);
    expect((await introspect(a, token)).active).toBe(true); // now cached on A
    expect((await form(b, '/oauth2/revoke', { token }, basic('svc', serviceSecret))).status).toBe(200);
    expect(await introspect(a, token)).toEqual({ active: false });
  });

  it('gives exactly one successor to 50 concurrent refreshes of one token spread over A and B', async () => {
    const login = await json(a, '/api/v1/auth/login', {
      client_id: 'app',
      username: 'alice',
      password: 'correct horse battery',
    });
    const refreshToken = String(login.body.refresh_token);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        form(index % 2 === 0 ? a : b, '/oauth2/token', {
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
          client_id: 'app',
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    const successors = new Set(answers.map((answer) => answer.body.refresh_token));
    expect(successors.size).toBe(1);
  });

  it('counts failed logins made through both instances towards one lockout', async () => {
    const attempt = (server: ServerProcess, password: string) =>
      json(server, '/api/v1/auth/login', {
        client_id: 'app',
        username: 'alice',
        password,
        device_id: 'phone-1',
      });
    expect((await attempt(a, 'wrong one')).body.error_description).toBe('invalid username or password');
    expect((await attempt(b, 'wrong two')).body.error_description).toBe('invalid username or password');
    expect((await attempt(a, 'wrong three')).body.error_description).toBe('invalid username or password');
    expect((await attempt(b, 'correct horse battery')).body).toEqual({
      error: 'invalid_grant',
      error_description: 'too many failed logins: try again later',
    });
  });

  it('applies a policy change made on A to the next token issued by B', async () => {
    expect((await adminCall(a, 'PUT', '/admin/v1/clients/svc/policy', { accessTokenTtl: 120 })).status).toBe(
      200,
    );
    expect((await clientToken(b)).body.expires_in).toBe(120);
  });

  it("answers a long poll of B's revocation feed with an expire-all made on A", async () => {
    const feed = async (server: ServerProcess, query: string) => {
      const response = await fetch(`${server.baseUrl}/oauth2/revocations${query}`, {
        headers: { authorization: basic('feed', feedSecret) },
      });
      return (await response.json()) as { cursor: string };
    };
    const { cursor } = await feed(b, '');
    const waiting = feed(b, `?since=${cursor}&wait=20`);
    const expired = await adminCall(a, 'POST', '/admin/v1/clients/svc/expire-tokens');
    expect(expired.status).toBe(200);
    expect(await waiting).toEqual({
      cursor: String(Number(cursor) + 1),
      snapshot: false,
      tenant: 'acme',
      more: false,
      events: [
        {
          type: 'client',
          client_id: 'svc',
          not_before: Math.floor(Date.parse(String(expired.body.notBefore)) / 1000),
        },
      ],
    });
  });
});
