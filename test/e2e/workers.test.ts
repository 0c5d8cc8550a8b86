import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, type ServerProcess, startServer } from '../support/server-process.ts';

const WORKERS = 2;
const TRIES = 20;

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * A form POST on a connection of its own (no agent, `connection: close`): node:cluster's primary hands each new
 * connection to the next worker in turn (its default scheduling everywhere but on Windows), so a series of
 * these reaches every worker.
 */
function postOnFreshConnection(url: string, fields: Record<string, string>, authorization: string) {
  const body = new URLSearchParams(fields).toString();
  return new Promise<Answer>((done, fail) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          authorization,
          connection: 'close',
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => {
          text += chunk;
        });
        incoming.on('end', () =>
          done({ status: incoming.statusCode ?? 0, body: text === '' ? {} : JSON.parse(text) }),
        );
        incoming.on('error', fail);
      },
    );
    outgoing.on('error', fail);
    outgoing.end(body);
  });
}

// `serve --workers 2` on the default SQLite store and without Redis: what one worker changes, the other sees at once
describe('workers of one machine without Redis', () => {
  let server: ServerProcess;
  /** Client credentials by tenant: each tenant has one client, `<tenant>-svc`. */
  const credentials = new Map<string, string>();

  const post = (tenant: string, path: string, fields: Record<string, string>) =>
    postOnFreshConnection(`${server.baseUrl}${path}`, fields, credentials.get(tenant) ?? '');
  const clientToken = (tenant: string) => post(tenant, '/oauth2/token', { grant_type: 'client_credentials' });

  /** TRIES introspections one after another, each on a new connection: whether each found the token active. */
  const introspectEverywhere = async (tenant: string, token: string) => {
    const answers: boolean[] = [];
    for (let index = 0; index < TRIES; index++) {
      answers.push((await post(tenant, '/oauth2/introspect', { token })).body.active === true);
    }
    return answers;
  };

  /** A token that every worker has introspected as active, so each holds it in its introspection cache. */
  const tokenCachedEverywhere = async (tenant: string) => {
    const issued = await clientToken(tenant);
    expect(issued.status).toBe(200);
    const token = String(issued.body.access_token);
    expect(await introspectEverywhere(tenant, token)).toEqual(Array(TRIES).fill(true));
    return token;
  };

  beforeAll(async () => {
    server = await startServer(
      {
        ACCESS_TOKEN_FORMAT: 'opaque',
        INTROSPECTION_CACHE_TTL: '600',
        // a slow poll: what is seen at once here is relayed between the workers, not found by polling
        CHANGE_POLL_INTERVAL: '600',
        // info: each worker says when it listens
        LOG_LEVEL: 'info',
      },
      ['--workers', String(WORKERS)],
    );
    // /healthz answers as soon as one worker listens: wait (bounded) until every worker does
    const deadline = Date.now() + 30_000;
    while (server.output().split('Server listening at').length - 1 < WORKERS) {
      if (Date.now() > deadline) throw new Error(`the workers did not all start: ${server.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const tenant of ['acme', 'beta']) {
      expect(
        (await adminCall(server, 'POST', '/admin/v1/tenants', { id: tenant, name: tenant })).status,
      ).toBe(201);
      const client = await adminCall(server, 'POST', '/admin/v1/clients', {
        id: `${tenant}-svc`,
        tenantId: tenant,
        name: 'Service',
      });
      const secret = String(client.body.clientSecret);
      credentials.set(tenant, `Basic ${Buffer.from(`${tenant}-svc:${secret}`).toString('base64')}`);
    }
  }, 60_000);

  afterAll(() => server?.stop());

  it('sees a revocation made through one worker on every worker at once', async () => {
    const token = await tokenCachedEverywhere('acme');
    expect((await post('acme', '/oauth2/revoke', { token })).status).toBe(200);
    expect(await introspectEverywhere('acme', token)).toEqual(Array(TRIES).fill(false));
  });

  // before the service-wide expiry, and in a tenant of its own: a token minted in the same second as, but after,
  // an expiry on its path is dated the next second, and a second expiry within that second would not end it
  it("sees a tenant's expiry of tokens on every worker at once", async () => {
    const token = await tokenCachedEverywhere('beta');
    expect((await adminCall(server, 'POST', '/admin/v1/tenants/beta/expire-tokens')).status).toBe(200);
    expect(await introspectEverywhere('beta', token)).toEqual(Array(TRIES).fill(false));
  });

  it('sees the service-wide expiry of tokens on every worker at once', async () => {
    const token = await tokenCachedEverywhere('acme');
    expect((await adminCall(server, 'POST', '/admin/v1/service/expire-tokens')).status).toBe(200);
    expect(await introspectEverywhere('acme', token)).toEqual(Array(TRIES).fill(false));
  });

  it('applies a policy change made through one worker to the next token of every worker', async () => {
    // every worker issues under the old policy first, so each has it cached
    const before = new Set<unknown>();
    for (let index = 0; index < TRIES; index++) before.add((await clientToken('acme')).body.expires_in);
    expect(before.has(120)).toBe(false);
    const changed = await adminCall(server, 'PUT', '/admin/v1/clients/acme-svc/policy', {
      accessTokenTtl: 120,
    });
    expect(changed.status).toBe(200);
    const after: unknown[] = [];
    for (let index = 0; index < TRIES; index++) after.push((await clientToken('acme')).body.expires_in);
    expect(after).toEqual(Array(TRIES).fill(120));
  });
});
