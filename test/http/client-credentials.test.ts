import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basic, type TestLifespan, tenantWithClient, testLifespan } from '../support/lifespan.ts';

describe('client credentials grant', () => {
  let lifespan: TestLifespan;
  let credentials: { tenantId: string; clientId: string; secret: string };

  beforeEach(async () => {
    lifespan = await testLifespan({ ACCESS_TOKEN_FORMAT: 'opaque' });
    credentials = await tenantWithClient(lifespan);
  });
  afterEach(() => lifespan.close());

  it('issues an opaque token with the policy lifetime', async () => {
    const response = await lifespan.form(
      '/oauth2/token',
      { grant_type: 'client_credentials', scope: 'read' },
      basic(credentials.clientId, credentials.secret),
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
    const body = response.json();
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[0-9a-z]{23}[\w-]{43}$/),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'read',
    });
  });

  it('authenticates a client registered for client_secret_post by its form fields (RFC 6749 §2.3.1)', async () => {
    const created = await lifespan.admin('POST', '/admin/v1/clients', {
      id: 'service-post',
      tenantId: credentials.tenantId,
      name: 'Service Post',
      scopes: ['read'],
      tokenEndpointAuthMethod: 'client_secret_post',
    });
    expect(created.statusCode).toBe(201);
    const secret = created.json().clientSecret as string;
    const response = await lifespan.form('/oauth2/token', {
      grant_type: 'client_credentials',
      client_id: 'service-post',
      client_secret: secret,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      access_token: expect.stringMatching(/^[0-9a-z]{23}[\w-]{43}$/),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'read',
    });
    // the method it registered, and only that one (OpenID Connect Registration §2)
    const byBasic = await lifespan.form(
      '/oauth2/token',
      { grant_type: 'client_credentials' },
      basic('service-post', secret),
    );
    expect(byBasic.statusCode).toBe(401);
    expect(byBasic.json()).toEqual({
      error: 'invalid_client',
      error_description: 'this client authenticates with client_secret_post',
    });
  });
});
