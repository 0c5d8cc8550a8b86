import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basic, type TestLifespan, tenantWithClient, testLifespan } from '../../support/lifespan.ts';
import { FORM, OAUTH_ENDPOINTS, type Refusal, rawPost, watchRefusals } from './support.ts';

const FAILED = { error: 'invalid_client', error_description: 'client authentication failed' };
const REQUIRED = { error: 'invalid_client', error_description: 'client authentication is required' };
const MALFORMED_BASIC = { error: 'invalid_client', error_description: 'malformed Basic credentials' };

const basicHeader = (decoded: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(decoded).toString('base64')}`,
});

describe.each(OAUTH_ENDPOINTS)(
  'client authentication at %s (RFC 6749 §2.3, §5.2 invalid_client)',
  (endpoint) => {
    let lifespan: TestLifespan;
    let secret: string;
    let postSecret: string;
    /** The endpoint's own parameters, url-encoded, without any credentials. */
    let params: string;
    let refused: Refusal;

    beforeEach(async () => {
      lifespan = await testLifespan({ ACCESS_TOKEN_FORMAT: 'opaque' });
      ({ secret } = await tenantWithClient(lifespan));
      const poster = await lifespan.admin('POST', '/admin/v1/clients', {
        id: 'poster',
        tenantId: 'acme',
        name: 'Poster',
        tokenEndpointAuthMethod: 'client_secret_post',
        scopes: ['read'],
      });
      expect(poster.statusCode).toBe(201);
      postSecret = poster.json().clientSecret;
      const spa = await lifespan.admin('POST', '/admin/v1/clients', {
        id: 'spa',
        tenantId: 'acme',
        name: 'SPA',
        tokenEndpointAuthMethod: 'none',
        grantTypes: ['authorization_code'],
        redirectUris: ['https://spa.example/callback'],
      });
      expect(spa.statusCode).toBe(201);
      if (endpoint === '/oauth2/token') {
        params = 'grant_type=client_credentials';
      } else {
        const issued = await lifespan.form(
          '/oauth2/token',
          { grant_type: 'client_credentials' },
          basic('service-a', secret),
        );
        expect(issued.statusCode).toBe(200);
        params = `token=${encodeURIComponent(issued.json().access_token)}`;
      }
      ({ refused } = await watchRefusals(lifespan));
    });
    afterEach(() => lifespan.close());

    const send = (body: string, headers: Record<string, string> = {}) =>
      rawPost(lifespan, endpoint, body, { 'content-type': FORM, ...headers });

    it('a wrong secret over Basic is invalid_client with a Basic challenge (401)', async () => {
      await refused(await send(params, basic('service-a', `${secret}x`)), 401, FAILED);
    });

    it('a wrong secret in the body (client_secret_post) is invalid_client (401)', async () => {
      await refused(await send(`${params}&client_id=poster&client_secret=${postSecret}x`), 401, FAILED);
    });

    it('an unknown client over Basic is invalid_client, told apart from a wrong secret by nothing', async () => {
      await refused(await send(params, basic('ghost', secret)), 401, FAILED);
    });

    it('an unknown client in the body is invalid_client (401)', async () => {
      await refused(await send(`${params}&client_id=ghost&client_secret=whatever`), 401, FAILED);
    });

    it('no credentials at all is invalid_client (401)', async () => {
      await refused(await send(params), 401, REQUIRED);
    });

    it('a Bearer token instead of client credentials is invalid_client (401)', async () => {
      await refused(await send(params, { authorization: `Bearer ${secret}` }), 401, REQUIRED);
    });

    it('a secret that worked before the rotation is invalid_client (401)', async () => {
      const rotated = await lifespan.admin('POST', '/admin/v1/clients/service-a/secret');
      expect(rotated.statusCode).toBe(200);
      ({ refused } = await watchRefusals(lifespan));
      await refused(await send(params, basic('service-a', secret)), 401, FAILED);
    });

    it('Basic and client_secret_post together are invalid_request (RFC 6749 §2.3: one method only)', async () => {
      const response = await send(
        `${params}&client_id=service-a&client_secret=${secret}`,
        basic('service-a', secret),
      );
      await refused(response, 400, {
        error: 'invalid_request',
        error_description: 'use only one client authentication method',
      });
    });

    it('a body client_id that contradicts the Basic credentials is invalid_request', async () => {
      await refused(await send(`${params}&client_id=poster`, basic('service-a', secret)), 400, {
        error: 'invalid_request',
        error_description: 'client_id does not match the credentials',
      });
    });

    it.each([
      ['without a colon', basicHeader('service-a')],
      ['with an empty client id', basicHeader(`:${'x'.repeat(10)}`)],
      ['that is not base64', { authorization: 'Basic !!!***' }],
      ['that is empty', { authorization: 'Basic ' }],
      [
        'with a malformed percent-escape (RFC 6749 §2.3.1 form-encodes the parts)',
        basicHeader('service-a:%ZZ'),
      ],
    ])('a Basic header %s is invalid_client (401)', async (_label, headers) => {
      await refused(await send(params, headers), 401, MALFORMED_BASIC);
    });

    it('client_secret_post by a client registered for client_secret_basic is invalid_client', async () => {
      await refused(await send(`${params}&client_id=service-a&client_secret=${secret}`), 401, {
        error: 'invalid_client',
        error_description: 'this client authenticates with client_secret_basic',
      });
    });

    it('client_secret_basic by a client registered for client_secret_post is invalid_client', async () => {
      await refused(await send(params, basic('poster', postSecret)), 401, {
        error: 'invalid_client',
        error_description: 'this client authenticates with client_secret_post',
      });
    });

    it('a public client presenting a secret is invalid_client (it has none)', async () => {
      await refused(await send(`${params}&client_id=spa&client_secret=anything`), 401, FAILED);
    });

    it('a confidential client sending only its client_id is invalid_client', async () => {
      // introspection and revocation take confidential clients only (RFC 7662 §2.1, RFC 7009 §2.1)
      await refused(
        await send(`${params}&client_id=service-a`),
        401,
        endpoint === '/oauth2/token' ? FAILED : REQUIRED,
      );
    });

    if (endpoint !== '/oauth2/token') {
      it('a public client is refused: the endpoint is for confidential clients (RFC 7662 §2.1, RFC 7009 §2.1)', async () => {
        await refused(await send(`${params}&client_id=spa`), 401, REQUIRED);
      });
    }
  },
);
