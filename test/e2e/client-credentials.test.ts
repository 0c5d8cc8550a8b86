import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, type ServerProcess, startServer } from '../support/server-process.ts';

describe('a real client against the real server (openid-client)', () => {
  let server: ServerProcess;
  let config: oidc.Configuration;
  let resourceServer: oidc.Configuration;

  beforeAll(async () => {
    server = await startServer({ ACCESS_TOKEN_FORMAT: 'opaque' });
    expect((await adminCall(server, 'POST', '/admin/v1/tenants', { id: 'acme', name: 'Acme' })).status).toBe(
      201,
    );
    const app = await adminCall(server, 'POST', '/admin/v1/clients', {
      id: 'worker',
      tenantId: 'acme',
      name: 'Worker',
      scopes: ['jobs:read', 'jobs:write'],
      policy: { accessTokenTtl: '20m' },
    });
    const api = await adminCall(server, 'POST', '/admin/v1/clients', {
      id: 'jobs-api',
      tenantId: 'acme',
      name: 'Jobs API',
    });
    const options = { execute: [oidc.allowInsecureRequests] };
    // both clients registered client_secret_basic (the default), and authenticate that way
    const workerSecret = String(app.body.clientSecret);
    config = await oidc.discovery(
      new URL(server.baseUrl),
      'worker',
      workerSecret,
      oidc.ClientSecretBasic(workerSecret),
      options,
    );
    const apiSecret = String(api.body.clientSecret);
    resourceServer = await oidc.discovery(
      new URL(server.baseUrl),
      'jobs-api',
      apiSecret,
      oidc.ClientSecretBasic(apiSecret),
      { ...options, algorithm: 'oauth2' },
    );
  });
  afterAll(() => server.stop());

  it('discovers every endpoint', () => {
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(server.baseUrl);
    expect(metadata.token_endpoint).toBe(`${server.baseUrl}/oauth2/token`);
    expect(metadata.introspection_endpoint).toBe(`${server.baseUrl}/oauth2/introspect`);
    expect(metadata.revocation_endpoint).toBe(`${server.baseUrl}/oauth2/revoke`);
    expect(metadata.jwks_uri).toBe(`${server.baseUrl}/oauth2/jwks`);
    expect(resourceServer.serverMetadata().token_endpoint).toBe(metadata.token_endpoint);
  });

  it('obtains a token with the client lifetime, introspects it from a resource server, revokes it', async () => {
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'jobs:read' });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(1200);
    expect(tokens.scope).toBe('jobs:read');

    const introspection = await oidc.tokenIntrospection(resourceServer, tokens.access_token);
    expect(introspection).toMatchObject({
      active: true,
      client_id: 'worker',
      sub: 'worker',
      scope: 'jobs:read',
      token_type: 'Bearer',
      iss: server.baseUrl,
      tid: 'acme',
    });
    expect(Number(introspection.exp) - Number(introspection.iat)).toBe(1200);

    await oidc.tokenRevocation(config, tokens.access_token);
    expect(await oidc.tokenIntrospection(resourceServer, tokens.access_token)).toEqual({ active: false });
  });

  it('sees an admin "expire all tokens" at once, through the introspection cache', async () => {
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'jobs:write' });
    expect((await oidc.tokenIntrospection(resourceServer, tokens.access_token)).active).toBe(true);
    expect((await adminCall(server, 'POST', '/admin/v1/clients/worker/expire-tokens')).status).toBe(200);
    expect((await oidc.tokenIntrospection(resourceServer, tokens.access_token)).active).toBe(false);
    const fresh = await oidc.clientCredentialsGrant(config, { scope: 'jobs:write' });
    expect((await oidc.tokenIntrospection(resourceServer, fresh.access_token)).active).toBe(true);
  });

  it('reports a refused scope as the standard error', async () => {
    await expect(oidc.clientCredentialsGrant(config, { scope: 'admin' })).rejects.toMatchObject({
      error: 'invalid_scope',
      error_description: 'scope not allowed for this client: admin',
      status: 400,
    });
  });
});
