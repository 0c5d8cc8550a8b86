import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestLifespan, testLifespan } from '../../support/lifespan.ts';
import { schemaProblem, storedState } from './support.ts';

/**
 * Numbers that are not finite ("Infinity", "9e999" in a query; 9e999 in JSON) passed the routes' schemas
 * (Ajv skips bounds for them) and reached SQL as 500s; they are refused as the face's validation error.
 */
describe('JSON input: numbers that are not finite, documents nested too deeply', () => {
  let lifespan: TestLifespan;
  beforeEach(async () => {
    lifespan = await testLifespan();
    await lifespan.admin('POST', '/admin/v1/tenants', { id: 'acme', name: 'Acme' });
  });
  afterEach(() => lifespan.close());

  it.each([
    ['/admin/v1/tenants?limit=Infinity', 'limit'],
    ['/admin/v1/clients?limit=-Infinity', 'limit'],
    ['/admin/v1/users?limit=9e999', 'limit'],
    ['/admin/v1/audit?limit=Infinity', 'limit'],
    ['/admin/v1/service/policy/history?limit=Infinity', 'limit'],
    ['/admin/v1/tenants/acme/policy/history?limit=9e999', 'limit'],
    ['/admin/v1/overview?hours=Infinity', 'hours'],
  ])('GET %s is a 400 naming the field', async (url, field) => {
    const response = await lifespan.admin('GET', url);
    expect({
      status: response.statusCode,
      type: response.headers['content-type'],
      body: response.json(),
    }).toEqual({
      status: 400,
      type: 'application/problem+json; charset=utf-8',
      body: schemaProblem([{ field, message: 'must be a finite number' }]),
    });
  });

  it('a policy with a lifetime of 9e999 seconds is refused and nothing is stored', async () => {
    const before = await storedState(lifespan);
    const response = await lifespan.app.inject({
      method: 'PUT',
      url: '/admin/v1/tenants/acme/policy',
      headers: { authorization: 'Bearer test-admin-key-0123456789', 'content-type': 'application/json' },
      payload: '{"accessTokenTtl": 9e999}',
    });
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 400,
      body: schemaProblem([{ field: 'accessTokenTtl', message: 'must be a finite number' }]),
    });
    expect(await storedState(lifespan)).toEqual(before);
  });

  it('a first-party login asking for 9e999 seconds is an OAuth invalid_request', async () => {
    const response = await lifespan.app.inject({
      method: 'POST',
      url: '/api/v1/auth/anonymous',
      headers: { 'content-type': 'application/json' },
      payload: '{"client_id": "app", "expires_in": 9e999}',
    });
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'the request does not match the schema' },
    });
  });

  const createTenant = (profileJson: string) =>
    lifespan.app.inject({
      method: 'POST',
      url: '/admin/v1/tenants',
      headers: { authorization: 'Bearer test-admin-key-0123456789', 'content-type': 'application/json' },
      payload: `{"id":"deep","name":"Deep","profile":${profileJson}}`,
    });
  const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

  it('a profile nested thousands of levels deep is refused, and nothing is stored', async () => {
    const before = await storedState(lifespan);
    const response = await createTenant(nested(5000));
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 400,
      body: schemaProblem([
        { field: `profile${'.a'.repeat(32)}`, message: 'is nested too deeply (at most 32 levels)' },
      ]),
    });
    expect(await storedState(lifespan)).toEqual(before);
  });

  it('a profile within the depth limit is stored and read back', async () => {
    const response = await createTenant(nested(31));
    expect(response.statusCode).toBe(201);
    const read = await lifespan.admin('GET', '/admin/v1/tenants/deep');
    expect(read.json().profile).toEqual(JSON.parse(nested(31)));
  });
});
