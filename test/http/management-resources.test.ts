/** The management API's tenants, clients and scopes over HTTP: their whole life, and their lists. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestLifespan, testLifespan } from '../support/lifespan.ts';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:01:00.000Z';

const tenant = (id: string, fields: Record<string, unknown> = {}) => ({
  id,
  parentId: null,
  name: `Tenant ${id}`,
  policy: {},
  profile: {},
  externalProviders: [],
  notBefore: null,
  createdAt: T0,
  updatedAt: T0,
  ...fields,
});

describe('tenants, clients and scopes over the management API', () => {
  let lifespan: TestLifespan;
  beforeEach(async () => {
    lifespan = await testLifespan();
  });
  afterEach(() => lifespan.close());

  it('creates (201, location), reads, lists page by page and by parent, updates, and deletes a tenant', async () => {
    const created = await lifespan.admin('POST', '/admin/v1/tenants', { id: 'acme', name: 'Tenant acme' });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/admin/v1/tenants/acme');
    expect(created.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(created.json()).toEqual({ ...tenant('acme'), warnings: [] });
    for (const id of ['beta', 'gamma']) {
      const child = await lifespan.admin('POST', '/admin/v1/tenants', {
        id,
        name: `Tenant ${id}`,
        parentId: 'acme',
      });
      expect(child.statusCode).toBe(201);
    }

    const read = await lifespan.admin('GET', '/admin/v1/tenants/acme');
    expect({ status: read.statusCode, body: read.json() }).toEqual({ status: 200, body: tenant('acme') });

    const first = await lifespan.admin('GET', '/admin/v1/tenants?limit=2');
    expect(first.json()).toEqual({
      items: [tenant('acme'), tenant('beta', { parentId: 'acme' })],
      next: 'beta',
    });
    const second = await lifespan.admin('GET', '/admin/v1/tenants?limit=2&after=beta');
    expect(second.json()).toEqual({ items: [tenant('gamma', { parentId: 'acme' })], next: null });
    const children = await lifespan.admin('GET', '/admin/v1/tenants?parentId=acme');
    expect(children.json().items.map((t: { id: string }) => t.id)).toEqual(['beta', 'gamma']);

    lifespan.clock.advance(60);
    const updated = await lifespan.admin('PATCH', '/admin/v1/tenants/gamma', {
      name: 'Gamma Corp',
      policy: { accessTokenTtl: '10m' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toEqual({
      ...tenant('gamma', {
        parentId: 'acme',
        name: 'Gamma Corp',
        policy: { accessTokenTtl: 600 },
        updatedAt: T1,
      }),
      warnings: [],
    });
    expect((await lifespan.admin('GET', '/admin/v1/tenants/gamma')).json()).toEqual(
      tenant('gamma', {
        parentId: 'acme',
        name: 'Gamma Corp',
        policy: { accessTokenTtl: 600 },
        updatedAt: T1,
      }),
    );

    const deleted = await lifespan.admin('DELETE', '/admin/v1/tenants/gamma');
    expect({ status: deleted.statusCode, body: deleted.body }).toEqual({ status: 204, body: '' });
    const gone = await lifespan.admin('GET', '/admin/v1/tenants/gamma');
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(
      (await lifespan.admin('GET', '/admin/v1/tenants')).json().items.map((t: { id: string }) => t.id),
    ).toEqual(['acme', 'beta']);
  });

  it('lists clients page by page and by tenant, and reads one without its secret', async () => {
    for (const id of ['acme', 'globex']) await lifespan.admin('POST', '/admin/v1/tenants', { id, name: id });
    for (const [id, tenantId] of [
      ['api-1', 'acme'],
      ['api-2', 'globex'],
      ['api-3', 'acme'],
    ] as const) {
      const created = await lifespan.admin('POST', '/admin/v1/clients', {
        id,
        tenantId,
        name: id,
        scopes: ['read'],
      });
      expect(created.statusCode).toBe(201);
      expect(created.json().clientSecret).toMatch(/^[\w-]{43}$/);
    }
    const client = (id: string, tenantId: string) => ({
      id,
      clientId: id,
      tenantId,
      name: id,
      grantTypes: ['client_credentials'],
      scopes: ['read'],
      redirectUris: [],
      postLogoutRedirectUris: [],
      firstParty: false,
      tokenEndpointAuthMethod: 'client_secret_basic',
      policy: {},
      notBefore: null,
      createdAt: T0,
      updatedAt: T0,
    });
    expect((await lifespan.admin('GET', '/admin/v1/clients?limit=2')).json()).toEqual({
      items: [client('api-1', 'acme'), client('api-2', 'globex')],
      next: 'api-2',
    });
    expect((await lifespan.admin('GET', '/admin/v1/clients?limit=2&after=api-2')).json()).toEqual({
      items: [client('api-3', 'acme')],
      next: null,
    });
    expect((await lifespan.admin('GET', '/admin/v1/clients?tenantId=acme')).json()).toEqual({
      items: [client('api-1', 'acme'), client('api-3', 'acme')],
      next: null,
    });
    const read = await lifespan.admin('GET', '/admin/v1/clients/api-2');
    expect({ status: read.statusCode, body: read.json() }).toEqual({
      status: 200,
      body: client('api-2', 'globex'),
    });
  });

  it('creates, lists, updates and deletes scopes', async () => {
    const scope = (name: string, fields: Record<string, unknown> = {}) => ({
      id: name,
      name,
      description: `the ${name} scope`,
      policy: {},
      createdAt: T0,
      updatedAt: T0,
      ...fields,
    });
    for (const name of ['write', 'read']) {
      const created = await lifespan.admin('POST', '/admin/v1/scopes', {
        name,
        description: `the ${name} scope`,
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toEqual({ ...scope(name), warnings: [] });
    }
    expect((await lifespan.admin('GET', '/admin/v1/scopes')).json()).toEqual({
      items: [scope('read'), scope('write')],
    });
    lifespan.clock.advance(60);
    const updated = await lifespan.admin('PATCH', '/admin/v1/scopes/write', {
      policy: { accessTokenTtl: '5m' },
    });
    expect(updated.json()).toEqual({
      ...scope('write', { policy: { accessTokenTtl: 300 }, updatedAt: T1 }),
      warnings: [],
    });
    const deleted = await lifespan.admin('DELETE', '/admin/v1/scopes/read');
    expect({ status: deleted.statusCode, body: deleted.body }).toEqual({ status: 204, body: '' });
    expect((await lifespan.admin('GET', '/admin/v1/scopes')).json()).toEqual({
      items: [scope('write', { policy: { accessTokenTtl: 300 }, updatedAt: T1 })],
    });
  });
});
