import { afterEach, describe, expect, it } from 'vitest';
import { type TestLifespan, testLifespan } from '../support/lifespan.ts';

const defaults = {
  accessTokenTtl: 3600,
  refreshTokenTtl: 2_592_000,
  refreshTokenAbsoluteTtl: 31_536_000,
  refreshTokenExpiration: 'absolute',
  refreshTokenRotation: true,
  refreshTokenReuseInterval: 0,
  refreshTokenEnabled: true,
  idTokenTtl: 3600,
  authorizationCodeTtl: 600,
  deviceCodeTtl: 300,
  sessionIdleTtl: 'none',
  sessionMaxTtl: 'none',
  accountValidity: 'none',
  accessTokenFormat: 'jwt',
  signingAlgorithm: 'RS256',
  introspectionCacheTtl: 60,
  revokeRefreshOnPasswordChange: true,
  revokeAccessOnPasswordChange: true,
  revokeAllOnLogout: false,
  requestOverCeiling: 'clamp',
  deviceMaxFailures: 5,
  deviceFailureWindow: 900,
  deviceLockDuration: 900,
  userMaxDeviceLocks: 'none',
  userDeviceLockWindow: 86_400,
  userLockDuration: 86_400,
  rateLimitPerClient: 'none',
  rateLimitPerAddress: 'none',
};

const DEFAULT = { level: 'default' };
const CONFIGURATION = { level: 'service', id: 'configuration' };

describe('policy through the management API', () => {
  let lifespan: TestLifespan;
  afterEach(() => lifespan.close());

  it('starts with exactly the defaults of seed 003, each explained as the built-in default', async () => {
    lifespan = await testLifespan();
    const response = await lifespan.admin('GET', '/admin/v1/policy/effective');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      context: { subjectClass: 'user', scopes: [] },
      version: 1,
      settings: Object.fromEntries(
        Object.entries(defaults).map(([name, value]) => [
          name,
          { value, source: DEFAULT, stack: [{ source: DEFAULT, value, role: 'won' }] },
        ]),
      ),
    });
  });

  it('explains a value set by an environment variable as the service configuration', async () => {
    lifespan = await testLifespan({ ACCESS_TOKEN_TTL: '15m', REFRESH_TOKEN_ROTATION: 'false' });
    const { settings } = (await lifespan.admin('GET', '/admin/v1/policy/effective')).json();
    expect(settings.accessTokenTtl).toEqual({
      value: 900,
      source: CONFIGURATION,
      stack: [
        { source: DEFAULT, value: 3600, role: 'overridden' },
        { source: CONFIGURATION, value: 900, role: 'won' },
      ],
    });
    expect(settings.refreshTokenRotation).toEqual({
      value: false,
      source: CONFIGURATION,
      stack: [
        { source: DEFAULT, value: true, role: 'overridden' },
        { source: CONFIGURATION, value: false, role: 'won' },
      ],
    });
    const configuration = await lifespan.admin('GET', '/admin/v1/service/configuration');
    expect(configuration.json()).toEqual({ policy: { accessTokenTtl: 900, refreshTokenRotation: false } });
  });

  it('stores the service policy as a new version with lint warnings, and keeps its history', async () => {
    lifespan = await testLifespan();
    const saved = await lifespan.admin('PUT', '/admin/v1/service/policy', {
      accessTokenTtl: '2h',
      refreshTokenTtl: '30d',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({
      policy: { accessTokenTtl: 7200, refreshTokenTtl: 2_592_000 },
      version: 2,
      warnings: [
        {
          setting: 'accessTokenTtl',
          message: 'access tokens live longer than 1 hour; keep them between 15 minutes and 1 hour',
          source: { level: 'service', id: 'stored' },
          subjectClasses: ['user', 'admin', 'anonymous', 'service'],
        },
      ],
    });
    await lifespan.admin('PUT', '/admin/v1/service/policy', { accessTokenTtl: '30m' });
    expect((await lifespan.admin('GET', '/admin/v1/service/policy')).json()).toEqual({
      policy: { accessTokenTtl: 1800 },
      version: 3,
      warnings: [],
    });
    const history = (await lifespan.admin('GET', '/admin/v1/service/policy/history')).json();
    expect(history).toEqual({
      items: [
        {
          version: 3,
          actor: 'admin-key:bootstrap',
          at: '2026-01-01T00:00:00.000Z',
          before: { accessTokenTtl: 7200, refreshTokenTtl: 2_592_000 },
          after: { accessTokenTtl: 1800 },
        },
        {
          version: 2,
          actor: 'admin-key:bootstrap',
          at: '2026-01-01T00:00:00.000Z',
          before: {},
          after: { accessTokenTtl: 7200, refreshTokenTtl: 2_592_000 },
        },
      ],
    });
  });

  it('lets sub-tenants inherit from their parents and a ceiling clamp a client (seed 000 #4)', async () => {
    lifespan = await testLifespan();
    await lifespan.admin('POST', '/admin/v1/tenants', {
      id: 'provider',
      name: 'Provider',
      policy: { max: { accessTokenTtl: '2h' } },
    });
    await lifespan.admin('POST', '/admin/v1/tenants', {
      id: 'customer',
      parentId: 'provider',
      name: 'Customer',
      policy: { accessTokenTtl: 1800, refreshTokenTtl: 3600 },
    });
    await lifespan.admin('POST', '/admin/v1/tenants', {
      id: 'sub',
      parentId: 'customer',
      name: 'Sub-customer',
    });
    await lifespan.admin('POST', '/admin/v1/clients', {
      id: 'greedy',
      tenantId: 'sub',
      name: 'Greedy',
      policy: { accessTokenTtl: '90d', refreshTokenTtl: '90d' },
    });

    const sub = (await lifespan.admin('GET', '/admin/v1/policy/effective?tenantId=sub')).json().settings;
    const provider = { level: 'tenant', id: 'provider' };
    const customer = { level: 'tenant', id: 'customer' };
    expect(sub.accessTokenTtl).toEqual({
      value: 1800,
      source: customer,
      ceiling: { value: 7200, source: provider },
      stack: [
        { source: DEFAULT, value: 3600, role: 'overridden' },
        { source: provider, max: 7200, role: 'ceiling-only', binding: true },
        { source: customer, value: 1800, role: 'won' },
      ],
    });
    expect(sub.refreshTokenTtl).toEqual({
      value: 3600,
      source: customer,
      stack: [
        { source: DEFAULT, value: 2_592_000, role: 'overridden' },
        { source: customer, value: 3600, role: 'won' },
      ],
    });

    const greedy = (
      await lifespan.admin('GET', '/admin/v1/policy/effective?clientId=greedy&subjectClass=service')
    ).json();
    expect(greedy.context).toEqual({ clientId: 'greedy', subjectClass: 'service', scopes: [] });
    expect(greedy.settings.accessTokenTtl).toEqual({
      value: 7200,
      source: { level: 'client', id: 'greedy' },
      clampedBy: provider,
      ceiling: { value: 7200, source: provider },
      stack: [
        { source: DEFAULT, value: 3600, role: 'overridden' },
        { source: provider, max: 7200, role: 'ceiling-only', binding: true, clamped: true },
        { source: customer, value: 1800, role: 'overridden' },
        { source: { level: 'client', id: 'greedy' }, value: 7_776_000, role: 'won' },
      ],
    });
  });

  it('applies the shortest lifetime of the requested scopes', async () => {
    lifespan = await testLifespan();
    await lifespan.admin('POST', '/admin/v1/scopes', { name: 'payments', policy: { accessTokenTtl: '5m' } });
    await lifespan.admin('POST', '/admin/v1/scopes', { name: 'profile', policy: { accessTokenTtl: '10m' } });
    const response = await lifespan.admin(
      'GET',
      '/admin/v1/policy/effective?scope=profile%20payments%20other',
    );
    expect(response.json().settings.accessTokenTtl).toEqual({
      value: 300,
      source: { level: 'scope', id: 'payments' },
      stack: [
        { source: DEFAULT, value: 3600, role: 'overridden' },
        { source: { level: 'scope', id: 'payments' }, value: 300, role: 'won' },
        { source: { level: 'scope', id: 'profile' }, value: 600, role: 'longer-scope' },
      ],
    });
  });

  it('applies a preset to a level, keeping the settings it does not name', async () => {
    lifespan = await testLifespan();
    await lifespan.admin('POST', '/admin/v1/tenants', {
      id: 'bank',
      name: 'Bank',
      policy: { accessTokenFormat: 'opaque' },
    });
    const response = await lifespan.admin('POST', '/admin/v1/tenants/bank/policy/preset', {
      preset: 'high-security',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      policy: {
        accessTokenFormat: 'opaque',
        accessTokenTtl: 900,
        idTokenTtl: 900,
        refreshTokenTtl: 28_800,
        refreshTokenAbsoluteTtl: 86_400,
        refreshTokenExpiration: 'absolute',
        refreshTokenRotation: true,
        refreshTokenReuseInterval: 0,
        refreshTokenEnabled: true,
        authorizationCodeTtl: 300,
        deviceCodeTtl: 300,
        sessionIdleTtl: 900,
        sessionMaxTtl: 28_800,
      },
      version: 3,
      warnings: [],
    });
    const unknown = await lifespan.admin('POST', '/admin/v1/tenants/bank/policy/preset', { preset: 'yolo' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      {
        field: 'preset',
        message: 'expected one of high-security, user-convenience, api-only, legacy-never-expire',
      },
    ]);
  });

  it('applies the legacy never-expiring preset with its warnings (seed 001 #1)', async () => {
    lifespan = await testLifespan();
    const response = await lifespan.admin('POST', '/admin/v1/service/policy/preset', {
      preset: 'legacy-never-expire',
    });
    expect(response.json().policy).toEqual({
      accessTokenTtl: 'never',
      refreshTokenTtl: 'never',
      refreshTokenAbsoluteTtl: 'never',
      refreshTokenRotation: false,
    });
    expect(response.json().warnings.map((w: { setting: string }) => w.setting)).toEqual([
      'accessTokenTtl',
      'refreshTokenTtl',
      'refreshTokenAbsoluteTtl',
      'refreshTokenRotation',
    ]);
  });

  it('lists the presets', async () => {
    lifespan = await testLifespan();
    const response = await lifespan.admin('GET', '/admin/v1/policy/presets');
    expect(Object.keys(response.json().presets)).toEqual([
      'high-security',
      'user-convenience',
      'api-only',
      'legacy-never-expire',
    ]);
    expect(response.json().presets['api-only']).toEqual({ accessTokenTtl: 3600, refreshTokenEnabled: false });
  });

  it("refuses seed 004's invalid combination naming both fields, and stores nothing", async () => {
    lifespan = await testLifespan();
    const response = await lifespan.admin('PUT', '/admin/v1/service/policy', {
      subjectClasses: { user: { accessTokenTtl: '14d', refreshTokenTtl: '7d' } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const message =
      'the refresh token lifetime (7d, from subject class user of the service policy) must not be shorter than ' +
      'the access token lifetime (14d, from subject class user of the service policy) for user tokens';
    expect(response.json()).toEqual({
      type: 'urn:lifespan:problem:validation',
      title: 'Bad Request',
      status: 400,
      detail: 'the policy breaks a lifetime constraint',
      errors: [
        { field: 'policy.subjectClasses.user.refreshTokenTtl', message },
        { field: 'policy.subjectClasses.user.accessTokenTtl', message },
      ],
    });
    expect((await lifespan.admin('GET', '/admin/v1/service/policy')).json()).toEqual({
      policy: {},
      version: 1,
      warnings: [],
    });
  });

  it('serves an OpenAPI document of the management API', async () => {
    lifespan = await testLifespan();
    const response = await lifespan.app.inject({ method: 'GET', url: '/admin/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/admin/v1/tenants',
        '/admin/v1/tenants/{id}',
        '/admin/v1/tenants/{id}/policy',
        '/admin/v1/clients',
        '/admin/v1/scopes',
        '/admin/v1/service/policy',
        '/admin/v1/policy/effective',
        '/api/customer/{customerId}',
      ]),
    );
    // of the OAuth endpoints, only the revocation feed for resource servers, with its own authentication
    expect(Object.keys(document.paths).filter((path: string) => path.startsWith('/oauth2'))).toEqual([
      '/oauth2/revocations',
    ]);
    expect(document.paths['/oauth2/revocations'].get.security).toEqual([{ clientBasic: [] }]);
  });
});
