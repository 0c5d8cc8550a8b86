/** The management API's tenants, their whole life over HTTP: create, read, list (paged), update, delete. */
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

describe('tenants over the management API', () => {
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
});
