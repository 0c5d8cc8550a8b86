import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_KEY,
  basic,
  type TestLifespan,
  tenantWithClient,
  testLifespan,
} from '../../support/lifespan.ts';
import {
  adminRaw,
  conflictProblem,
  expectProblem,
  notFoundProblem,
  type ProblemBody,
  expectRefusedWrite as refusedWrite,
  schemaProblem,
  validationProblem,
} from './support.ts';

const ID_RULE = 'use 1 to 128 letters, digits, ".", "_", "~" or "-", starting with a letter or digit';
const invalidId = (field = 'id') => validationProblem('the id is not valid', [{ field, message: ID_RULE }]);
const unauthorized = (detail: string): ProblemBody => ({
  type: 'urn:lifespan:problem:unauthorized',
  title: 'Unauthorized',
  status: 401,
  detail,
});
const badRequest = (detail: unknown): ProblemBody => ({
  type: 'urn:lifespan:problem:bad-request',
  title: 'Bad Request',
  status: 400,
  detail,
});
const UNSUPPORTED_MEDIA_TYPE: ProblemBody = {
  type: 'urn:lifespan:problem:bad-request',
  title: 'Unsupported Media Type',
  status: 415,
  detail: 'Unsupported Media Type',
};
/** Fastify/Ajv's additionalProperties error; only the field it names is pinned down. */
const unknownField = (field: string) => schemaProblem([{ field, message: expect.any(String) }]);

describe('management API bad input (RFC 9457 problem details)', () => {
  let lifespan: TestLifespan;
  let secret: string;

  beforeEach(async () => {
    lifespan = await testLifespan({ ACCESS_TOKEN_FORMAT: 'opaque' });
    ({ secret } = await tenantWithClient(lifespan));
  });
  afterEach(() => lifespan.close());

  const expectRefusedWrite = (request: () => Promise<LightMyRequestResponse>, problem: ProblemBody) =>
    refusedWrite(lifespan, request, problem);

  async function expectSecretStillWorks(): Promise<void> {
    const response = await lifespan.form(
      '/oauth2/token',
      { grant_type: 'client_credentials' },
      basic('service-a', secret),
    );
    expect(response.statusCode).toBe(200);
  }

  const anonymous = (
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    payload?: string,
  ) => lifespan.app.inject({ method, url, headers, ...(payload !== undefined && { payload }) });

  describe('authentication (RFC 6750 §3: 401 with a Bearer challenge)', () => {
    it('no Authorization header is 401', async () => {
      expectProblem(
        await anonymous('GET', '/admin/v1/tenants', {}),
        unauthorized('a bearer admin key or console access token is required'),
      );
    });

    it('a write without Authorization is 401 and stores nothing', async () => {
      await expectRefusedWrite(
        () =>
          anonymous(
            'POST',
            '/admin/v1/tenants',
            { 'content-type': 'application/json' },
            JSON.stringify({ id: 'sneaky', name: 'Sneaky' }),
          ),
        unauthorized('a bearer admin key or console access token is required'),
      );
    });

    it('a wrong key is 401', async () => {
      await expectRefusedWrite(
        () =>
          anonymous(
            'POST',
            '/admin/v1/tenants',
            { authorization: `Bearer ${ADMIN_KEY}x`, 'content-type': 'application/json' },
            JSON.stringify({ id: 'sneaky', name: 'Sneaky' }),
          ),
        unauthorized('a valid admin key or console access token is required'),
      );
    });

    it('a client secret is not an admin key: 401', async () => {
      expectProblem(
        await anonymous('GET', '/admin/v1/tenants', { authorization: `Bearer ${secret}` }),
        unauthorized('a valid admin key or console access token is required'),
      );
    });

    it('the admin key over Basic instead of Bearer is 401', async () => {
      const credentials = Buffer.from(`admin:${ADMIN_KEY}`).toString('base64');
      expectProblem(
        await anonymous('GET', '/admin/v1/tenants', { authorization: `Basic ${credentials}` }),
        unauthorized('a bearer admin key or console access token is required'),
      );
    });

    it('an empty Bearer token is 401', async () => {
      expectProblem(
        await anonymous('GET', '/admin/v1/tenants', { authorization: 'Bearer ' }),
        unauthorized('a bearer admin key or console access token is required'),
      );
    });

    it('authentication comes before the body: an unauthenticated malformed body is 401, not 400', async () => {
      expectProblem(
        await anonymous('POST', '/admin/v1/tenants', { 'content-type': 'application/json' }, '{"id":'),
        unauthorized('a bearer admin key or console access token is required'),
      );
    });
  });

  describe('bodies and media types', () => {
    it('a body that is not valid JSON is 400 and stores nothing', async () => {
      await expectRefusedWrite(
        () => adminRaw(lifespan, 'POST', '/admin/v1/tenants', 'application/json', '{"id": "t2", "name":'),
        badRequest("Body is not valid JSON but content-type is set to 'application/json'"),
      );
    });

    it('an empty application/json body is no body: 400 where the route needs one', async () => {
      await expectRefusedWrite(
        () => adminRaw(lifespan, 'PATCH', '/admin/v1/tenants/acme', 'application/json', ''),
        schemaProblem([{ field: 'body', message: 'must be object' }]),
      );
    });

    it.each([
      ['an array', '[{"id":"t2","name":"T2"}]'],
      ['null', 'null'],
      ['a string', '"t2"'],
    ])('a JSON body that is %s and not an object is 400', async (_label, payload) => {
      await expectRefusedWrite(
        () => adminRaw(lifespan, 'POST', '/admin/v1/tenants', 'application/json', payload),
        schemaProblem([{ field: 'body', message: 'must be object' }]),
      );
    });

    it.each([
      ['application/xml', '<tenant id="t2" name="T2"/>'],
      ['text/plain', '{"id":"t2","name":"T2"}'],
      ['application/x-www-form-urlencoded', 'id=t2&name=T2'],
    ])(
      'a body of type %s is 415 Unsupported Media Type (RFC 9110 §15.5.16)',
      async (contentType, payload) => {
        await expectRefusedWrite(
          () => adminRaw(lifespan, 'POST', '/admin/v1/tenants', contentType, payload),
          UNSUPPORTED_MEDIA_TYPE,
        );
      },
    );

    it('a form-encoded PATCH is 415 and changes nothing', async () => {
      await expectRefusedWrite(
        () =>
          adminRaw(
            lifespan,
            'PATCH',
            '/admin/v1/clients/service-a',
            'application/x-www-form-urlencoded',
            'name=x',
          ),
        UNSUPPORTED_MEDIA_TYPE,
      );
    });

    it('a body over 256 KiB is 413', async () => {
      const payload = JSON.stringify({ id: 't2', name: 'T2', profile: { blob: 'a'.repeat(256 * 1024) } });
      await expectRefusedWrite(
        () => adminRaw(lifespan, 'POST', '/admin/v1/tenants', 'application/json', payload),
        {
          type: 'urn:lifespan:problem:bad-request',
          title: 'Content Too Large',
          status: 413,
          detail: 'Request body is too large',
        },
      );
    });
  });

  describe('unknown fields are refused, not dropped (additionalProperties: false)', () => {
    it('POST /admin/v1/tenants with an unknown field names it', async () => {
      await expectRefusedWrite(
        () => lifespan.admin('POST', '/admin/v1/tenants', { id: 't2', name: 'T2', colour: 'red' }),
        unknownField('colour'),
      );
    });

    it('PATCH /admin/v1/tenants/:id cannot rename the id', async () => {
      await expectRefusedWrite(
        () => lifespan.admin('PATCH', '/admin/v1/tenants/acme', { id: 'renamed' }),
        unknownField('id'),
      );
    });

    it('POST /admin/v1/clients cannot choose its own secret', async () => {
      await expectRefusedWrite(
        () =>
          lifespan.admin('POST', '/admin/v1/clients', {
            id: 'service-b',
            tenantId: 'acme',
            name: 'B',
            clientSecret: 'my-own-secret',
          }),
        unknownField('clientSecret'),
      );
    });

    it('PATCH /admin/v1/clients/:id cannot move the client to another tenant', async () => {
      await lifespan.admin('POST', '/admin/v1/tenants', { id: 'other', name: 'Other' });
      await expectRefusedWrite(
        () => lifespan.admin('PATCH', '/admin/v1/clients/service-a', { tenantId: 'other' }),
        unknownField('tenantId'),
      );
    });

    it('PATCH /admin/v1/clients/:id with a snake_case field (grant_types) names it', async () => {
      await expectRefusedWrite(
        () => lifespan.admin('PATCH', '/admin/v1/clients/service-a', { grant_types: ['refresh_token'] }),
        unknownField('grant_types'),
      );
    });

    it('POST /admin/v1/scopes with an unknown field names it', async () => {
      await expectRefusedWrite(
        () => lifespan.admin('POST', '/admin/v1/scopes', { name: 'read', ttl: 60 }),
        unknownField('ttl'),
      );
    });

    it('POST …/policy/preset with an unknown field names it', async () => {
      await expectRefusedWrite(
        () => lifespan.admin('POST', '/admin/v1/service/policy/preset', { preset: 'api-only', force: true }),
        unknownField('force'),
      );
    });
  });

  describe('field values', () => {
    it('a tenant without a name is 400 naming name', async () => {
      await expectRefusedWrite(
        () => lifespan.admin('POST', '/admin/v1/tenants', { id: 't2' }),
        schemaProblem([{ field: 'name', message: 'is required' }]),
      );
    });

    it('a blank tenant name is 400 naming name', async () => {
      await expectRefusedWrite(
        () => lifespan.admin('POST', '/admin/v1/tenants', { id: 't2', name: '   ' }),
        validationProblem('the tenant is not valid', [{ field: 'name', message: 'a tenant needs a name' }]),
      );
    });

    it('a name over 200 characters is 400 naming name', async () => {
      await expectRefusedWrite(
        () => lifespan.admin('PATCH', '/admin/v1/tenants/acme', { name: 'n'.repeat(201) }),
        schemaProblem([{ field: 'name', message: 'must NOT have more than 200 characters' }]),
      );
    });

    it.each([
      'with space',
      'with/slash',
      'with%2Fescape',
      '.starts-with-dot',
      '-starts-with-dash',
      'café',
      'tab\there',
    ])('tenant id %j is 400 naming id (ids are unreserved URI characters, RFC 3986 §2.3)', async (id) => {
      await expectRefusedWrite(
        () => lifespan.admin('POST', '/admin/v1/tenants', { id, name: 'T' }),
        invalidId(),
      );
    });

    it.each([
      ['empty', '', 'must NOT have fewer than 1 characters'],
      ['129 characters', 'a'.repeat(129), 'must NOT have more than 128 characters'],
    ])('a tenant id that is %s is 400 naming id', async (_label, id, message) => {
      await expectRefusedWrite(
        () => lifespan.admin('POST', '/admin/v1/tenants', { id, name: 'T' }),
        schemaProblem([{ field: 'id', message }]),
      );
    });

    it.each(['with space', 'with/slash'])('client id %j is 400 naming id', async (id) => {
      await expectRefusedWrite(
        () => lifespan.admin('POST', '/admin/v1/clients', { id, tenantId: 'acme', name: 'C' }),
        invalidId(),
      );
    });

    it('a scope name with a space is 400 naming name', async () => {
      await expectRefusedWrite(
        () => lifespan.admin('POST', '/admin/v1/scopes', { name: 'read write' }),
        validationProblem('the scope name is not valid', [
          { field: 'name', message: 'a scope is 1 to 128 printable ASCII characters without space, " or \\' },
        ]),
      );
    });

    it.each([
      ['a space', 'read write'],
      ['a double quote', 'say"hi'],
      ['a backslash', 'back\\slash'],
    ])(
      'a client scope with %s, which no request could name (RFC 6749 §3.3 scope-token), is 400 naming scopes.1',
      async (_label, scope) => {
        await expectRefusedWrite(
          () => lifespan.admin('PATCH', '/admin/v1/clients/service-a', { scopes: ['read', scope] }),
          validationProblem(expect.any(String), [{ field: 'scopes.1', message: expect.any(String) }]),
        );
      },
    );

    it('an unknown grant type is 400 naming grantTypes.0', async () => {
      await expectRefusedWrite(
        () =>
          lifespan.admin('POST', '/admin/v1/clients', {
            id: 'c2',
            tenantId: 'acme',
            name: 'C',
            grantTypes: ['password'],
          }),
        schemaProblem([{ field: 'grantTypes.0', message: 'must be equal to one of the allowed values' }]),
      );
    });

    it('an unknown token endpoint auth method is 400 naming tokenEndpointAuthMethod', async () => {
      await expectRefusedWrite(
        () =>
          lifespan.admin('PATCH', '/admin/v1/clients/service-a', {
            tokenEndpointAuthMethod: 'private_key_jwt',
          }),
        schemaProblem([
          { field: 'tokenEndpointAuthMethod', message: 'must be equal to one of the allowed values' },
        ]),
      );
    });

    it('no grant type at all is 400 naming grantTypes', async () => {
      await expectRefusedWrite(
        () => lifespan.admin('PATCH', '/admin/v1/clients/service-a', { grantTypes: [] }),
        validationProblem('the client registration is not valid', [
          { field: 'grantTypes', message: 'give at least one grant type' },
        ]),
      );
    });

    it('redirect URIs with a fragment, relative or not a URI at all are 400, each named (RFC 6749 §3.1.2)', async () => {
      await expectRefusedWrite(
        () =>
          lifespan.admin('POST', '/admin/v1/clients', {
            id: 'web',
            tenantId: 'acme',
            name: 'Web',
            grantTypes: ['authorization_code'],
            redirectUris: ['https://app.example/cb', 'https://app.example/cb#frag', '/callback', 'not a uri'],
          }),
        validationProblem('the client registration is not valid', [
          { field: 'redirectUris.1', message: 'a redirect URI must not have a fragment' },
          { field: 'redirectUris.2', message: 'not an absolute URI' },
          { field: 'redirectUris.3', message: 'not an absolute URI' },
        ]),
      );
    });

    it('a redirect URI with an empty fragment ("#") is 400 too', async () => {
      await expectRefusedWrite(
        () =>
          lifespan.admin('PATCH', '/admin/v1/clients/service-a', {
            redirectUris: ['https://app.example/cb#'],
          }),
        validationProblem('the client registration is not valid', [
          { field: 'redirectUris.0', message: 'a redirect URI must not have a fragment' },
        ]),
      );
    });

    it.each([
      ['with client_credentials given', { grantTypes: ['client_credentials'] }],
      ['with the default grant types (client_credentials)', {}],
    ])(
      'a public client (tokenEndpointAuthMethod none) %s is 400 naming grantTypes (RFC 6749 §4.4)',
      async (_label, grants) => {
        await expectRefusedWrite(
          () =>
            lifespan.admin('POST', '/admin/v1/clients', {
              id: 'public',
              tenantId: 'acme',
              name: 'Public',
              tokenEndpointAuthMethod: 'none',
              ...grants,
            }),
          validationProblem('the client registration is not valid', [
            { field: 'grantTypes', message: 'a public client cannot use client_credentials' },
          ]),
        );
      },
    );

    it('turning a client_credentials client public is 400, and its secret keeps working', async () => {
      await expectRefusedWrite(
        () => lifespan.admin('PATCH', '/admin/v1/clients/service-a', { tokenEndpointAuthMethod: 'none' }),
        validationProblem('the client registration is not valid', [
          { field: 'grantTypes', message: 'a public client cannot use client_credentials' },
        ]),
      );
      await expectSecretStillWorks();
    });

    it('rotating the secret of a public client is 400 naming tokenEndpointAuthMethod', async () => {
      const created = await lifespan.admin('POST', '/admin/v1/clients', {
        id: 'spa',
        tenantId: 'acme',
        name: 'SPA',
        tokenEndpointAuthMethod: 'none',
        grantTypes: ['authorization_code'],
        redirectUris: ['https://spa.example/cb'],
      });
      expect(created.statusCode).toBe(201);
      await expectRefusedWrite(
        () => lifespan.admin('POST', '/admin/v1/clients/spa/secret'),
        validationProblem('a public client has no secret', [
          { field: 'tokenEndpointAuthMethod', message: 'the client authenticates with none' },
        ]),
      );
    });

    it('a client under an unknown tenant is 400 naming tenantId', async () => {
      await expectRefusedWrite(
        () => lifespan.admin('POST', '/admin/v1/clients', { id: 'c2', tenantId: 'ghost', name: 'C' }),
        validationProblem('the client registration is not valid', [
          { field: 'tenantId', message: 'tenant ghost does not exist' },
        ]),
      );
    });

    it('a client registration with several problems names every field at once', async () => {
      await expectRefusedWrite(
        () =>
          lifespan.admin('POST', '/admin/v1/clients', {
            id: 'c2',
            tenantId: 'ghost',
            name: ' ',
            tokenEndpointAuthMethod: 'none',
            redirectUris: ['/relative'],
          }),
        validationProblem('the client registration is not valid', [
          { field: 'tenantId', message: 'tenant ghost does not exist' },
          { field: 'name', message: 'a client needs a name' },
          { field: 'grantTypes', message: 'a public client cannot use client_credentials' },
          { field: 'redirectUris.0', message: 'not an absolute URI' },
        ]),
      );
    });

    it('a tenant under an unknown parent is 400 naming parentId', async () => {
      await expectRefusedWrite(
        () => lifespan.admin('POST', '/admin/v1/tenants', { id: 't2', name: 'T2', parentId: 'ghost' }),
        validationProblem('unknown tenant', [{ field: 'parentId', message: 'tenant ghost does not exist' }]),
      );
    });

    it('a tenant made the child of its own sub-tenant is 400 naming parentId (no cycles)', async () => {
      const child = await lifespan.admin('POST', '/admin/v1/tenants', {
        id: 'acme-eu',
        name: 'EU',
        parentId: 'acme',
      });
      expect(child.statusCode).toBe(201);
      await expectRefusedWrite(
        () => lifespan.admin('PATCH', '/admin/v1/tenants/acme', { parentId: 'acme-eu' }),
        validationProblem('tenants cannot form a cycle', [
          { field: 'parentId', message: 'tenant acme-eu is acme itself or one of its sub-tenants' },
        ]),
      );
    });

    it('a tenant made its own parent is 400 naming parentId', async () => {
      await expectRefusedWrite(
        () => lifespan.admin('PATCH', '/admin/v1/tenants/acme', { parentId: 'acme' }),
        validationProblem('tenants cannot form a cycle', [
          { field: 'parentId', message: 'tenant acme is acme itself or one of its sub-tenants' },
        ]),
      );
    });

    it.each([
      ['0', 'must be >= 1'],
      ['501', 'must be <= 500'],
      ['ten', 'must be integer'],
    ])('a page limit of %s is 400 naming limit', async (limit, message) => {
      expectProblem(
        await lifespan.admin('GET', `/admin/v1/tenants?limit=${limit}`),
        schemaProblem([{ field: 'limit', message }]),
      );
    });
  });

  describe('unknown resources are 404', () => {
    it.each([
      ['GET', '/admin/v1/tenants/ghost', 'tenant ghost does not exist'],
      ['PATCH', '/admin/v1/tenants/ghost', 'tenant ghost does not exist'],
      ['DELETE', '/admin/v1/tenants/ghost', 'tenant ghost does not exist'],
      ['POST', '/admin/v1/tenants/ghost/expire-tokens', 'tenant ghost does not exist'],
      ['GET', '/admin/v1/tenants/ghost/policy', 'tenant ghost does not exist'],
      ['PUT', '/admin/v1/tenants/ghost/policy', 'tenant ghost does not exist'],
      ['GET', '/admin/v1/clients/ghost', 'client ghost does not exist'],
      ['PATCH', '/admin/v1/clients/ghost', 'client ghost does not exist'],
      ['DELETE', '/admin/v1/clients/ghost', 'client ghost does not exist'],
      ['POST', '/admin/v1/clients/ghost/secret', 'client ghost does not exist'],
      ['POST', '/admin/v1/clients/ghost/expire-tokens', 'client ghost does not exist'],
      ['PUT', '/admin/v1/clients/ghost/policy', 'client ghost does not exist'],
      ['GET', '/admin/v1/scopes/ghost', 'scope ghost does not exist'],
      ['DELETE', '/admin/v1/scopes/ghost', 'scope ghost does not exist'],
    ] as const)('%s %s', async (method, url, detail) => {
      const body = method === 'PATCH' ? { name: 'x' } : method === 'PUT' ? {} : undefined;
      await expectRefusedWrite(() => lifespan.admin(method, url, body), notFoundProblem(detail));
    });

    it('an unknown route is a problem+json 404, not a framework error body', async () => {
      expectProblem(
        await lifespan.admin('GET', '/admin/v1/nothing'),
        notFoundProblem('no route for GET /admin/v1/nothing'),
      );
    });

    it('an id of 128 characters, which the API lets one create, can be read back', async () => {
      const id = `t${'x'.repeat(127)}`;
      expect((await lifespan.admin('POST', '/admin/v1/tenants', { id, name: 'Long' })).statusCode).toBe(201);
      const response = await lifespan.admin('GET', `/admin/v1/tenants/${id}`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id, name: 'Long' });
    });

    it('an id of 129 characters in the path is 400 naming id, as a problem', async () => {
      expectProblem(
        await lifespan.admin('GET', `/admin/v1/clients/${'c'.repeat(129)}`),
        schemaProblem([{ field: 'id', message: 'must NOT have more than 128 characters' }]),
      );
    });

    it('an invalid percent-escape in the path is 400 as a problem, not a framework error body', async () => {
      expectProblem(await lifespan.admin('GET', '/admin/v1/tenants/%ZZ'), badRequest(expect.any(String)));
    });
  });

  describe('conflicts are 409 and leave the existing resource alone', () => {
    it('a tenant id that exists is 409', async () => {
      await expectRefusedWrite(
        () =>
          lifespan.admin('POST', '/admin/v1/tenants', {
            id: 'acme',
            name: 'Impostor',
            policy: { accessTokenTtl: 60 },
          }),
        conflictProblem('a tenant with id acme exists'),
      );
    });

    it('a client id that exists is 409, and the existing secret keeps working', async () => {
      await expectRefusedWrite(
        () =>
          lifespan.admin('POST', '/admin/v1/clients', {
            id: 'service-a',
            tenantId: 'acme',
            name: 'Impostor',
          }),
        conflictProblem('a client with id service-a exists'),
      );
      await expectSecretStillWorks();
    });

    it('a scope name that exists is 409', async () => {
      expect((await lifespan.admin('POST', '/admin/v1/scopes', { name: 'read' })).statusCode).toBe(201);
      await expectRefusedWrite(
        () => lifespan.admin('POST', '/admin/v1/scopes', { name: 'read', description: 'again' }),
        conflictProblem('a scope named read exists'),
      );
    });

    it('deleting a tenant that still has a client is 409; the tenant and the client are still there', async () => {
      const tenantBefore = (await lifespan.admin('GET', '/admin/v1/tenants/acme')).json();
      const clientBefore = (await lifespan.admin('GET', '/admin/v1/clients/service-a')).json();
      await expectRefusedWrite(
        () => lifespan.admin('DELETE', '/admin/v1/tenants/acme'),
        conflictProblem('tenant acme still has 0 sub-tenant(s) and 1 client(s)'),
      );
      expect((await lifespan.admin('GET', '/admin/v1/tenants/acme')).json()).toEqual(tenantBefore);
      expect((await lifespan.admin('GET', '/admin/v1/clients/service-a')).json()).toEqual(clientBefore);
      await expectSecretStillWorks();
    });

    it('deleting a tenant that still has a sub-tenant is 409', async () => {
      expect(
        (await lifespan.admin('POST', '/admin/v1/tenants', { id: 'acme-eu', name: 'EU', parentId: 'acme' }))
          .statusCode,
      ).toBe(201);
      await expectRefusedWrite(
        () => lifespan.admin('DELETE', '/admin/v1/tenants/acme'),
        conflictProblem('tenant acme still has 1 sub-tenant(s) and 1 client(s)'),
      );
    });
  });
});
