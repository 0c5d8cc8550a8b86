/**
 * Delegated administration (seed 000: providers → customers → sub-customers): an administrator restricted to a
 * tenant manages that tenant and its sub-tenants only. Every management route is tried against what lies
 * outside: the answer is 403 problem+json, the same whether the thing exists or not, and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_TENANT_ID } from '../../../src/domain/admin/built-ins.ts';
import {
  asAdministrator,
  bootstrapConsole,
  createAdministrator,
  signInToConsole,
} from '../../support/console-admin.ts';
import { type TestLifespan, testLifespan } from '../../support/lifespan.ts';
import { expectProblem, storedState } from '../bad-input/support.ts';

const FORBIDDEN = {
  type: 'urn:lifespan:problem:forbidden',
  title: 'Forbidden',
  status: 403,
  detail: 'this is not within the tenants you administer',
};
const SERVICE_ONLY = { ...FORBIDDEN, detail: 'only a service administrator may do this' };

describe('delegated administration', () => {
  let lifespan: TestLifespan;
  let token: string;
  const ids: Record<string, string> = {};
  const as = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
    asAdministrator(lifespan, token, method, url, body);

  beforeAll(async () => {
    lifespan = await testLifespan();
    await bootstrapConsole(lifespan);
    for (const [id, parentId] of [
      ['provider', null],
      ['customer', 'provider'],
      ['sub', 'customer'],
      ['globex', null],
      ['sibling', 'provider'],
    ] as const) {
      expect((await lifespan.admin('POST', '/admin/v1/tenants', { id, name: id, parentId })).statusCode).toBe(
        201,
      );
    }
    for (const tenantId of ['customer', 'sub', 'sibling', 'globex']) {
      await lifespan.admin('POST', '/admin/v1/clients', { id: `${tenantId}-app`, tenantId, name: tenantId });
      const user = await lifespan.admin('POST', '/admin/v1/users', {
        tenantId,
        username: `${tenantId}-user`,
        password: 'correct horse battery',
      });
      ids[tenantId] = user.json().id;
    }
    await lifespan.admin('POST', '/admin/v1/scopes', { name: 'invoices' });
    ids.root = await createAdministrator(lifespan, 'root');
    await createAdministrator(lifespan, 'alice', 'customer');
    ({ accessToken: token } = await signInToConsole(lifespan, 'alice'));
  });
  afterAll(() => lifespan.close());

  it('lists show only their tenants, clients, users and audit events', async () => {
    const names = async (url: string, key = 'id') =>
      ((await as('GET', url)).json().items as Record<string, string>[]).map((item) => item[key]);
    expect(await names('/admin/v1/tenants')).toEqual(['customer', 'sub']);
    expect(await names('/admin/v1/tenants?parentId=customer')).toEqual(['sub']);
    expect(await names('/admin/v1/clients')).toEqual(['customer-app', 'sub-app']);
    expect(await names('/admin/v1/users', 'username')).toEqual(
      [ids.customer, ids.sub].sort().map((id) => (id === ids.customer ? 'customer-user' : 'sub-user')),
    );
    const tenantsOfEvents = new Set(await names('/admin/v1/audit?limit=500', 'tenantId'));
    expect([...tenantsOfEvents].sort()).toEqual(['customer', 'sub']);
  });

  it('manages its own tenants: a sub-tenant, a client, a user, their policies', async () => {
    const tenant = await as('POST', '/admin/v1/tenants', {
      id: 'sub-2',
      name: 'Sub 2',
      parentId: 'customer',
    });
    expect(tenant.statusCode).toBe(201);
    expect((await as('PUT', '/admin/v1/tenants/customer/policy', { accessTokenTtl: '10m' })).statusCode).toBe(
      200,
    );
    expect((await as('PATCH', '/admin/v1/tenants/sub-2', { parentId: 'sub' })).statusCode).toBe(200);
    const client = await as('POST', '/admin/v1/clients', { id: 'sub-2-app', tenantId: 'sub-2', name: 'App' });
    expect(client.statusCode).toBe(201);
    expect((await as('DELETE', '/admin/v1/clients/sub-2-app')).statusCode).toBe(204);
    expect((await as('DELETE', '/admin/v1/tenants/sub-2')).statusCode).toBe(204);
    const effective = await as('GET', '/admin/v1/policy/effective?tenantId=sub');
    expect(effective.statusCode).toBe(200);
    const { value, source } = effective.json().settings.accessTokenTtl;
    expect({ value, source }).toEqual({ value: 600, source: { level: 'tenant', id: 'customer' } });
  });

  it('cannot move or delete its own tenant, nor make a root tenant', async () => {
    const before = await storedState(lifespan);
    const own = {
      ...FORBIDDEN,
      detail: 'your own tenant can be moved or deleted only by a service administrator',
    };
    expectProblem(await as('DELETE', '/admin/v1/tenants/customer'), own);
    expectProblem(await as('PATCH', '/admin/v1/tenants/customer', { parentId: null }), own);
    expectProblem(await as('PATCH', '/admin/v1/tenants/sub', { parentId: null }), FORBIDDEN);
    expectProblem(await as('PATCH', '/admin/v1/tenants/sub', { parentId: 'sibling' }), FORBIDDEN);
    expectProblem(await as('POST', '/admin/v1/tenants', { id: 'rootless', name: 'Root' }), {
      ...FORBIDDEN,
      detail: 'name one of the tenants you administer (tenantId, clientId or userId)',
    });
    expect(await storedState(lifespan)).toEqual(before);
  });

  it('a sibling and a tenant that does not exist get the same answer', async () => {
    expectProblem(await as('GET', '/admin/v1/tenants/sibling'), FORBIDDEN);
    expectProblem(await as('GET', '/admin/v1/tenants/no-such-tenant'), FORBIDDEN);
    expectProblem(await as('GET', '/admin/v1/clients/no-such-client'), FORBIDDEN);
    expectProblem(await as('GET', `/admin/v1/users/${crypto.randomUUID()}`), FORBIDDEN);
    expectProblem(await as('GET', '/admin/v1/policy/effective?clientId=no-such-client'), FORBIDDEN);
  });

  it('every management route refuses what lies outside, and nothing changes', async () => {
    await lifespan.app.ready();
    const document = lifespan.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const outside: Record<string, string> = {
      tenants: 'sibling',
      clients: 'globex-app',
      users: ids.globex ?? '',
      scopes: 'invoices',
    };
    // what every administrator may read: who they are, the presets, the service's scopes (read only)
    const isOpen = (route: string) =>
      /^GET \/admin\/v1\/(me|overview|policy\/(presets|settings)|scopes(\/.*)?)$/.test(route);
    const serviceOnly = (method: string, path: string) =>
      /^\/admin\/v1\/(service|keys|scopes)/.test(path) && !isOpen(`${method} ${path}`);
    const before = await storedState(lifespan);
    const tried: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      // the revocation feed is documented beside the management API, but resource servers call it as clients
      if (path.startsWith('/oauth2/')) continue;
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        const route = `${method} ${path}`;
        if (isOpen(route)) continue;
        const resource = path.split('/')[3] ?? '';
        const url = path
          .replace('{id}', encodeURIComponent(outside[resource] ?? 'sibling'))
          .replace('{customerId}', 'sibling');
        const response = await as(
          method as 'GET',
          `${url}${requestQuery(method, path)}`,
          requestBody(method, path),
        );
        expectProblem(response, serviceOnly(method, path) ? SERVICE_ONLY : FORBIDDEN);
        tried.push(route);
      }
    }
    expect(tried.length).toBeGreaterThan(35);
    expect(await storedState(lifespan)).toEqual(before);
  });

  it('the service tenant and its administrators are out of reach', async () => {
    expectProblem(await as('GET', `/admin/v1/tenants/${SERVICE_TENANT_ID}`), FORBIDDEN);
    expectProblem(await as('GET', `/admin/v1/users/${ids.root}`), FORBIDDEN);
    expectProblem(
      await as('POST', '/admin/v1/users', {
        tenantId: SERVICE_TENANT_ID,
        username: 'eve',
        subjectClass: 'admin',
      }),
      FORBIDDEN,
    );
  });
});

/** What a route needs in its query to name something outside (lists filter by it). */
function requestQuery(method: string, path: string): string {
  if (method !== 'GET') return '';
  if (path === '/admin/v1/tenants') return '?parentId=sibling';
  if (path === '/admin/v1/clients' || path === '/admin/v1/users' || path === '/admin/v1/audit')
    return '?tenantId=sibling';
  if (path === '/admin/v1/policy/effective') return '?tenantId=sibling';
  return '';
}

/** A body each route's schema accepts, naming something outside where the body names a tenant. */
function requestBody(method: string, path: string): unknown {
  if (method === 'GET' || method === 'DELETE') return undefined;
  if (path.endsWith('/policy')) return { accessTokenTtl: '5m' };
  if (path.endsWith('/policy/rollback')) return { version: 1 };
  if (path.endsWith('/policy/preset')) return { preset: 'high-security' };
  if (path.endsWith('/password')) return { password: 'another horse battery' };
  if (path.endsWith('/policy/simulate')) return { context: { tenantId: 'sibling' }, scenario: {} };
  const bodies: Record<string, unknown> = {
    'POST /admin/v1/tenants': { id: 'new', name: 'New', parentId: 'sibling' },
    'PATCH /admin/v1/tenants/{id}': { name: 'Renamed' },
    'POST /admin/v1/clients': { id: 'new-app', tenantId: 'sibling', name: 'New' },
    'PATCH /admin/v1/clients/{id}': { name: 'Renamed' },
    'POST /admin/v1/users': { tenantId: 'sibling', username: 'new-user' },
    'PATCH /admin/v1/users/{id}': { username: 'renamed' },
    'POST /admin/v1/scopes': { name: 'new-scope' },
    'PATCH /admin/v1/scopes/{id}': { description: 'changed' },
    'POST /admin/v1/keys/rotate': { mode: 'revoke' },
    'POST /api/customer': { id: { entityType: 'CUSTOMER', id: 'sibling' }, name: 'Renamed' },
  };
  return bodies[`${method} ${path}`] ?? {};
}
