import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type SettingName } from '../../src/domain/policy/settings.ts';
import { type TestLifespan, testLifespan } from '../support/lifespan.ts';

const DEFAULT = { level: 'default' };
const CONFIGURATION = { level: 'service', id: 'configuration' };
const STORED = { level: 'service', id: 'stored' };
const PARENT = { level: 'tenant', id: 'parent' };
const CHILD = { level: 'tenant', id: 'child' };
const adminOf = (owner: object) => ({ level: 'subjectClass', id: 'admin', owner });

/** Every setting as the built-in default, but for the settings given. */
const settings = (overrides: Partial<Record<SettingName, object>> = {}) =>
  Object.fromEntries(
    Object.entries(DEFAULT_SETTINGS).map(([name, value]) => [
      name,
      overrides[name as SettingName] ?? {
        value,
        source: DEFAULT,
        stack: [{ source: DEFAULT, value, role: 'won' }],
      },
    ]),
  );
const allClasses = (body: object) => ({ user: body, admin: body, anonymous: body, service: body });

/** The configured access token lifetime (ACCESS_TOKEN_TTL=30m) over the default. */
const CONFIGURED_ACCESS = {
  value: 1800,
  source: CONFIGURATION,
  stack: [
    { source: DEFAULT, value: 3600, role: 'overridden' },
    { source: CONFIGURATION, value: 1800, role: 'won' },
  ],
};
/** The stored service policy's refresh token lifetime (7 d) over the default. */
const STORED_REFRESH = {
  value: 604_800,
  source: STORED,
  stack: [
    { source: DEFAULT, value: 2_592_000, role: 'overridden' },
    { source: STORED, value: 604_800, role: 'won' },
  ],
};

/** The start of every access token lifetime stack here: the default, then the configuration. */
const SERVICE_ACCESS = [
  { source: DEFAULT, value: 3600, role: 'overridden' },
  { source: CONFIGURATION, value: 1800, role: 'overridden' },
];

describe('inherited values per level (GET …/policy/inherited)', () => {
  let lifespan: TestLifespan;
  let rootId: string;

  beforeAll(async () => {
    lifespan = await testLifespan({ ACCESS_TOKEN_TTL: '30m' });
    const setUp = async (method: 'PUT' | 'POST', url: string, body: object, status: number) => {
      const response = await lifespan.admin(method, url, body);
      expect(response.statusCode).toBe(status);
      return response.json();
    };
    await setUp('PUT', '/admin/v1/service/policy', { refreshTokenTtl: '7d' }, 200);
    const parentPolicy = {
      accessTokenTtl: '45m',
      max: { accessTokenTtl: '1h' },
      subjectClasses: { admin: { accessTokenTtl: '2h' } },
    };
    await setUp('POST', '/admin/v1/tenants', { id: 'parent', name: 'Parent', policy: parentPolicy }, 201);
    const childPolicy = { accessTokenTtl: '10m', subjectClasses: { admin: { accessTokenTtl: '15m' } } };
    const child = { id: 'child', parentId: 'parent', name: 'Child', policy: childPolicy };
    await setUp('POST', '/admin/v1/tenants', child, 201);
    const web = { id: 'web', tenantId: 'child', name: 'Web', policy: { accessTokenTtl: '5m' } };
    await setUp('POST', '/admin/v1/clients', web, 201);
    const root = {
      tenantId: 'child',
      username: 'root',
      password: 'correct horse battery',
      subjectClass: 'admin',
      policy: { accessTokenTtl: '5m' },
    };
    rootId = (await setUp('POST', '/admin/v1/users', root, 201)).id;
    const scope = { name: 'payments', policy: { accessTokenTtl: '5m' } };
    await setUp('POST', '/admin/v1/scopes', scope, 201);
  });
  afterAll(() => lifespan.close());

  const inherited = async (url: string) => {
    const response = await lifespan.admin('GET', url);
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  it('gives the service the defaults and its configuration, without its own stored policy', async () => {
    expect(await inherited('/admin/v1/service/policy/inherited')).toEqual({
      subjectClasses: allClasses(settings({ accessTokenTtl: CONFIGURED_ACCESS })),
    });
  });

  it("gives a tenant the service and its parent's ceiling and subject-class block, without its own document", async () => {
    const forEveryClass = {
      value: 2700,
      source: PARENT,
      ceiling: { value: 3600, source: PARENT },
      stack: [...SERVICE_ACCESS, { source: PARENT, value: 2700, max: 3600, role: 'won', binding: true }],
    };
    const forAdmin = {
      value: 3600,
      source: adminOf(PARENT),
      clampedBy: PARENT,
      ceiling: { value: 3600, source: PARENT },
      stack: [
        ...SERVICE_ACCESS,
        { source: PARENT, value: 2700, max: 3600, role: 'overridden', binding: true, clamped: true },
        { source: adminOf(PARENT), value: 7200, role: 'won' },
      ],
    };
    const others = settings({ accessTokenTtl: forEveryClass, refreshTokenTtl: STORED_REFRESH });
    expect(await inherited('/admin/v1/tenants/child/policy/inherited')).toEqual({
      subjectClasses: {
        user: others,
        admin: settings({ accessTokenTtl: forAdmin, refreshTokenTtl: STORED_REFRESH }),
        anonymous: others,
        service: others,
      },
    });
  });

  /** What applies under the child tenant (its client and its users), with the client's own document empty. */
  const underChild = {
    others: {
      value: 600,
      source: CHILD,
      ceiling: { value: 3600, source: PARENT },
      stack: [
        ...SERVICE_ACCESS,
        { source: PARENT, value: 2700, max: 3600, role: 'overridden', binding: true },
        { source: CHILD, value: 600, role: 'won' },
      ],
    },
    admin: {
      value: 900,
      source: adminOf(CHILD),
      ceiling: { value: 3600, source: PARENT },
      stack: [
        ...SERVICE_ACCESS,
        { source: PARENT, value: 2700, max: 3600, role: 'overridden', binding: true },
        { source: CHILD, value: 600, role: 'overridden' },
        { source: adminOf(PARENT), value: 7200, role: 'overridden' },
        { source: adminOf(CHILD), value: 900, role: 'won' },
      ],
    },
  };

  it('gives a client the service and its whole tenant chain, without its own document', async () => {
    const others = settings({ accessTokenTtl: underChild.others, refreshTokenTtl: STORED_REFRESH });
    expect(await inherited('/admin/v1/clients/web/policy/inherited')).toEqual({
      subjectClasses: {
        user: others,
        admin: settings({ accessTokenTtl: underChild.admin, refreshTokenTtl: STORED_REFRESH }),
        anonymous: others,
        service: others,
      },
    });
  });

  it("gives a user only their own class: the service, the tenant chain and the class blocks, not the user's overrides", async () => {
    expect(await inherited(`/admin/v1/users/${rootId}/policy/inherited`)).toEqual({
      subjectClasses: {
        admin: settings({ accessTokenTtl: underChild.admin, refreshTokenTtl: STORED_REFRESH }),
      },
    });
  });

  it('gives a scope the service only (configuration and stored policy), without its own lifetimes', async () => {
    expect(await inherited('/admin/v1/scopes/payments/policy/inherited')).toEqual({
      subjectClasses: allClasses(
        settings({ accessTokenTtl: CONFIGURED_ACCESS, refreshTokenTtl: STORED_REFRESH }),
      ),
    });
  });

  it.each([
    ['tenants', 'tenant'],
    ['clients', 'client'],
    ['scopes', 'scope'],
    ['users', 'user'],
  ])('answers 404 for an unknown %s id', async (collection, level) => {
    const response = await lifespan.admin('GET', `/admin/v1/${collection}/nobody/policy/inherited`);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json()).toEqual({
      type: 'urn:lifespan:problem:not-found',
      title: 'Not Found',
      status: 404,
      detail: `${level} nobody does not exist`,
    });
  });

  it('documents the routes and the stack with real types in OpenAPI', async () => {
    const document = (await lifespan.app.inject({ method: 'GET', url: '/admin/v1/openapi.json' })).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/admin/v1/service/policy/inherited',
        '/admin/v1/tenants/{id}/policy/inherited',
        '/admin/v1/clients/{id}/policy/inherited',
        '/admin/v1/scopes/{id}/policy/inherited',
        '/admin/v1/users/{id}/policy/inherited',
      ]),
    );
    const effective =
      document.paths['/admin/v1/policy/effective'].get.responses['200'].content['application/json'].schema;
    const setting = effective.properties.settings.properties.accessTokenTtl;
    expect(Object.keys(setting.properties)).toEqual(['value', 'source', 'clampedBy', 'ceiling', 'stack']);
    expect(setting.properties.stack.items.properties.role).toEqual({
      type: 'string',
      enum: ['won', 'overridden', 'longer-scope', 'ceiling-only'],
    });
    expect(setting.properties.stack.items.required).toEqual(['source', 'role']);
  });
});
