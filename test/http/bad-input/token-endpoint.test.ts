import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basic, type TestLifespan, tenantWithClient, testLifespan } from '../../support/lifespan.ts';
import { FORM, type Refusal, rawPost, watchRefusals } from './support.ts';

describe('token endpoint parameters (RFC 6749 §4.4.2, §5.2)', () => {
  let lifespan: TestLifespan;
  let auth: Record<string, string>;
  let refused: Refusal;
  let tokenWrites: () => number;

  beforeEach(async () => {
    lifespan = await testLifespan({ ACCESS_TOKEN_FORMAT: 'opaque' });
    const credentials = await tenantWithClient(lifespan);
    auth = basic(credentials.clientId, credentials.secret);
    ({ refused, tokenWrites } = await watchRefusals(lifespan));
  });
  afterEach(() => lifespan.close());

  const token = (fields: Record<string, string>, headers = auth) =>
    lifespan.form('/oauth2/token', fields, headers);

  /** The grant types the server has a handler for, as its RFC 8414 metadata lists them. */
  async function supportedGrantTypes(): Promise<string[]> {
    const metadata = await lifespan.app.inject({
      method: 'GET',
      url: '/.well-known/oauth-authorization-server',
    });
    expect(metadata.statusCode).toBe(200);
    return metadata.json().grant_types_supported;
  }

  it('control: a well-formed request is answered with a token, and the store sees it', async () => {
    const response = await token({ grant_type: 'client_credentials', scope: 'read', expires_in: '60' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ token_type: 'Bearer', expires_in: 60, scope: 'read' });
    expect(tokenWrites()).toBe(1);
  });

  describe('grant_type', () => {
    it('a missing grant_type is invalid_request (RFC 6749 §4.4.2: REQUIRED)', async () => {
      await refused(await token({ scope: 'read' }), 400, {
        error: 'invalid_request',
        error_description: 'grant_type is required',
      });
    });

    it('an empty grant_type counts as missing (RFC 6749 §3.1: empty parameters are omitted)', async () => {
      await refused(await token({ grant_type: '' }), 400, {
        error: 'invalid_request',
        error_description: 'grant_type is required',
      });
    });

    it.each([
      'password', // removed by OAuth 2.1
      'implicit', // not a token endpoint grant
      'CLIENT_CREDENTIALS', // grant types are case-sensitive
      'urn:example:params:oauth:grant-type:custom',
    ])('an unknown grant_type %s is unsupported_grant_type (RFC 6749 §5.2)', async (grantType) => {
      await refused(await token({ grant_type: grantType }), 400, {
        error: 'unsupported_grant_type',
        error_description: `grant_type ${grantType} is not supported`,
      });
    });

    it.each(['refresh_token', 'authorization_code', 'urn:ietf:params:oauth:grant-type:device_code'])(
      '%s for a client registered only for client_credentials is unauthorized_client when the server supports it, unsupported_grant_type when it does not (RFC 6749 §5.2)',
      async (grantType) => {
        const response = await token({
          grant_type: grantType,
          refresh_token: 'x',
          code: 'x',
          device_code: 'x',
        });
        const supported = (await supportedGrantTypes()).includes(grantType);
        await refused(
          response,
          400,
          supported
            ? {
                error: 'unauthorized_client',
                error_description: `this client may not use the ${grantType} grant`,
              }
            : {
                error: 'unsupported_grant_type',
                error_description: `grant_type ${grantType} is not supported`,
              },
        );
      },
    );

    it('client_credentials for a confidential client registered without it is unauthorized_client (RFC 6749 §5.2)', async () => {
      const created = await lifespan.admin('POST', '/admin/v1/clients', {
        id: 'web-app',
        tenantId: 'acme',
        name: 'Web app',
        grantTypes: ['authorization_code'],
        redirectUris: ['https://app.example/callback'],
        scopes: ['read'],
      });
      expect(created.statusCode).toBe(201);
      ({ refused } = await watchRefusals(lifespan));
      const response = await token(
        { grant_type: 'client_credentials' },
        basic('web-app', created.json().clientSecret),
      );
      await refused(response, 400, {
        error: 'unauthorized_client',
        error_description: 'this client may not use the client_credentials grant',
      });
    });

    it('client_credentials for a public client is unauthorized_client (RFC 6749 §4.4: confidential clients only)', async () => {
      const created = await lifespan.admin('POST', '/admin/v1/clients', {
        id: 'spa',
        tenantId: 'acme',
        name: 'SPA',
        tokenEndpointAuthMethod: 'none',
        grantTypes: ['authorization_code'],
        redirectUris: ['https://spa.example/callback'],
      });
      expect(created.statusCode).toBe(201);
      ({ refused } = await watchRefusals(lifespan));
      const response = await token({ grant_type: 'client_credentials', client_id: 'spa' }, {});
      await refused(response, 400, {
        error: 'unauthorized_client',
        error_description: 'this client may not use the client_credentials grant',
      });
    });
  });

  describe('scope (RFC 6749 §3.3)', () => {
    it.each([
      ['admin', 'admin'],
      ['read admin', 'admin'],
      ['read admin delete write', 'admin delete'],
      ['READ', 'READ'], // scope tokens are case-sensitive
    ])('scope "%s" names scopes the client may not have: invalid_scope', async (scope, refusedScopes) => {
      await refused(await token({ grant_type: 'client_credentials', scope }), 400, {
        error: 'invalid_scope',
        error_description: `scope not allowed for this client: ${refusedScopes}`,
      });
    });

    it.each([
      ['a double quote', 'read"'],
      ['a backslash', 're\\ad'],
      ['a non-ASCII letter', 'rëad'],
      ['a tab between scopes', 'read\twrite'],
      ['a control character', 'read\u0001'],
    ])('a scope with %s is malformed: invalid_scope (RFC 6749 §3.3 scope-token)', async (_label, scope) => {
      await refused(await token({ grant_type: 'client_credentials', scope }), 400, {
        error: 'invalid_scope',
        error_description: 'scope is malformed',
      });
    });
  });

  describe('expires_in', () => {
    it.each(['0', '-1', '1.5', 'abc', '1e3', '0x10', '060', ' 60', '60s', '99999999999'])(
      'expires_in=%j is not a positive whole number of seconds: invalid_request',
      async (expiresIn) => {
        await refused(await token({ grant_type: 'client_credentials', expires_in: expiresIn }), 400, {
          error: 'invalid_request',
          error_description: 'expires_in must be a positive whole number of seconds',
        });
      },
    );

    it('expires_in given twice is invalid_request (RFC 6749 §3.2)', async () => {
      const response = await rawPost(
        lifespan,
        '/oauth2/token',
        'grant_type=client_credentials&expires_in=60&expires_in=60',
        {
          ...auth,
          'content-type': FORM,
        },
      );
      await refused(response, 400, {
        error: 'invalid_request',
        error_description: 'parameter expires_in is repeated',
      });
    });

    it('expires_in above the lifetime is invalid_request when the policy says requestOverCeiling: reject', async () => {
      const saved = await lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', {
        requestOverCeiling: 'reject',
      });
      expect(saved.statusCode).toBe(200);
      ({ refused } = await watchRefusals(lifespan));
      await refused(await token({ grant_type: 'client_credentials', expires_in: '3601' }), 400, {
        error: 'invalid_request',
        error_description: 'expires_in must not exceed 3600 seconds',
      });
    });
  });
});
