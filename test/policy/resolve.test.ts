import { describe, expect, it } from 'vitest';
import { InvalidRequest } from '../../src/domain/errors.ts';
import type { PolicyDocument } from '../../src/domain/policy/document.ts';
import { buildPolicyPath, type PathParts } from '../../src/domain/policy/path.ts';
import { applyRequestedLifetime, resolvePolicy } from '../../src/domain/policy/resolve.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/policy/settings.ts';

const path = (parts: Partial<PathParts>) =>
  buildPolicyPath({ configured: {}, stored: {}, tenants: [], subjectClass: 'user', scopes: [], ...parts });
const holder = (id: string, policy: PolicyDocument) => ({ id, policy });

describe('policy resolution', () => {
  it('gives the built-in defaults of lifetime-policy.md when nothing is set', () => {
    const { settings, explanation } = resolvePolicy(path({}));
    expect(settings).toEqual({
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
    });
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(explanation.accessTokenTtl).toEqual({ value: 3600, source: { level: 'default' } });
  });

  it('lets each more specific level win: configuration, stored service, tenant chain, client', () => {
    const explain = (parts: Partial<PathParts>) => resolvePolicy(path(parts)).explanation.accessTokenTtl;
    expect(explain({ configured: { accessTokenTtl: 100 } })).toEqual({
      value: 100,
      source: { level: 'service', id: 'configuration' },
    });
    expect(explain({ configured: { accessTokenTtl: 100 }, stored: { accessTokenTtl: 200 } })).toEqual({
      value: 200,
      source: { level: 'service', id: 'stored' },
    });
    const tenants = [holder('provider', { accessTokenTtl: 300 }), holder('customer', {}), holder('sub', {})];
    expect(explain({ stored: { accessTokenTtl: 200 }, tenants })).toEqual({
      value: 300,
      source: { level: 'tenant', id: 'provider' },
    });
    const nested = [holder('provider', { accessTokenTtl: 300 }), holder('customer', { accessTokenTtl: 400 })];
    expect(explain({ tenants: nested })).toEqual({ value: 400, source: { level: 'tenant', id: 'customer' } });
    expect(explain({ tenants: nested, client: holder('web', { accessTokenTtl: 500 }) })).toEqual({
      value: 500,
      source: { level: 'client', id: 'web' },
    });
  });

  it('places subject classes after the client, most specific owner first (seed 004: admin 8 h, users 14 d)', () => {
    const stored: PolicyDocument = {
      accessTokenTtl: 1_209_600,
      subjectClasses: { admin: { accessTokenTtl: 28_800 }, user: { accessTokenTtl: 1_209_600 } },
    };
    const client = holder('console', { accessTokenTtl: 600 });
    const admin = resolvePolicy(path({ stored, client, subjectClass: 'admin' })).explanation.accessTokenTtl;
    expect(admin).toEqual({
      value: 28_800,
      source: { level: 'subjectClass', id: 'admin', owner: { level: 'service', id: 'stored' } },
    });
    const forService = resolvePolicy(path({ stored, client, subjectClass: 'service' })).explanation
      .accessTokenTtl;
    expect(forService).toEqual({ value: 600, source: { level: 'client', id: 'console' } });
    const tenantClass = resolvePolicy(
      path({
        stored,
        tenants: [holder('acme', { subjectClasses: { admin: { accessTokenTtl: 3600 } } })],
        client: holder('console', { subjectClasses: { admin: { accessTokenTtl: 1800 } } }),
        subjectClass: 'admin',
      }),
    ).explanation.accessTokenTtl;
    expect(tenantClass).toEqual({
      value: 1800,
      source: { level: 'subjectClass', id: 'admin', owner: { level: 'client', id: 'console' } },
    });
  });

  it('applies the shortest lifetime among the requested scopes, over the other levels (seed 002)', () => {
    const resolved = resolvePolicy(
      path({
        stored: { accessTokenTtl: 86_400 },
        client: holder('client-2', { accessTokenTtl: 3000 }),
        scopes: [holder('payment', { accessTokenTtl: 600 }), holder('profile', { accessTokenTtl: 7200 })],
      }),
    );
    expect(resolved.explanation.accessTokenTtl).toEqual({
      value: 600,
      source: { level: 'scope', id: 'payment' },
    });
    const longer = resolvePolicy(
      path({
        client: holder('client-2', { accessTokenTtl: 3000 }),
        scopes: [holder('profile', { accessTokenTtl: 7200 })],
      }),
    );
    expect(longer.explanation.accessTokenTtl).toEqual({
      value: 7200,
      source: { level: 'scope', id: 'profile' },
    });
  });

  it('clamps to the smallest ceiling on the path and says which level clamped it', () => {
    const resolved = resolvePolicy(
      path({
        stored: { max: { accessTokenTtl: 86_400 } },
        tenants: [holder('acme', { max: { accessTokenTtl: 7200 } })],
        client: holder('greedy', { accessTokenTtl: 7_776_000 }),
      }),
    );
    expect(resolved.explanation.accessTokenTtl).toEqual({
      value: 7200,
      source: { level: 'client', id: 'greedy' },
      clampedBy: { level: 'tenant', id: 'acme' },
      ceiling: { value: 7200, source: { level: 'tenant', id: 'acme' } },
    });
  });

  it('binds a value set above the ceiling too, and a never-expiring value', () => {
    const resolved = resolvePolicy(
      path({
        stored: { refreshTokenTtl: 'never' },
        client: holder('web', { max: { refreshTokenTtl: 86_400 } }),
      }),
    );
    expect(resolved.explanation.refreshTokenTtl).toEqual({
      value: 86_400,
      source: { level: 'service', id: 'stored' },
      clampedBy: { level: 'client', id: 'web' },
      ceiling: { value: 86_400, source: { level: 'client', id: 'web' } },
    });
  });

  it('reports a ceiling that did not clamp without clampedBy', () => {
    const resolved = resolvePolicy(path({ stored: { accessTokenTtl: 600, max: { accessTokenTtl: 3600 } } }));
    expect(resolved.explanation.accessTokenTtl).toEqual({
      value: 600,
      source: { level: 'service', id: 'stored' },
      ceiling: { value: 3600, source: { level: 'service', id: 'stored' } },
    });
  });

  it('lets a subject-class ceiling bind only that class', () => {
    const stored: PolicyDocument = {
      accessTokenTtl: 7200,
      subjectClasses: { anonymous: { max: { accessTokenTtl: 60 } } },
    };
    expect(resolvePolicy(path({ stored, subjectClass: 'anonymous' })).settings.accessTokenTtl).toBe(60);
    expect(resolvePolicy(path({ stored, subjectClass: 'user' })).settings.accessTokenTtl).toBe(7200);
  });
});

describe('the request level (expires_in)', () => {
  const resolved = (document: PolicyDocument) => resolvePolicy(path({ stored: document }));

  it('honours a shorter or, up to the ceiling, longer request (seed 001: default 1 h, maximum 1 d)', () => {
    const policy = resolved({ accessTokenTtl: 3600, max: { accessTokenTtl: 86_400 } });
    expect(applyRequestedLifetime(policy, 'accessTokenTtl', 7200)).toEqual({
      value: 7200,
      source: { level: 'request' },
    });
    expect(applyRequestedLifetime(policy, 'accessTokenTtl', 60)).toEqual({
      value: 60,
      source: { level: 'request' },
    });
    expect(applyRequestedLifetime(policy, 'accessTokenTtl', 172_800)).toEqual({
      value: 86_400,
      source: { level: 'request' },
      clampedBy: { level: 'service', id: 'stored' },
    });
  });

  it('keeps the resolved value when nothing is asked', () => {
    expect(applyRequestedLifetime(resolved({ accessTokenTtl: 3600 }), 'accessTokenTtl', undefined)).toEqual({
      value: 3600,
      source: { level: 'service', id: 'stored' },
    });
  });

  it('only shortens when no ceiling is set: the resolved value is the bound', () => {
    const policy = resolved({ accessTokenTtl: 3600 });
    expect(applyRequestedLifetime(policy, 'accessTokenTtl', 7200)).toEqual({
      value: 3600,
      source: { level: 'request' },
      clampedBy: { level: 'service', id: 'stored' },
    });
  });

  it('rejects a request above the ceiling when the policy says reject', () => {
    const policy = resolved({
      accessTokenTtl: 3600,
      max: { accessTokenTtl: 86_400 },
      requestOverCeiling: 'reject',
    });
    expect(() => applyRequestedLifetime(policy, 'accessTokenTtl', 172_800)).toThrow(
      new InvalidRequest('expires_in must not exceed 86400 seconds'),
    );
    expect(applyRequestedLifetime(policy, 'accessTokenTtl', 86_400).value).toBe(86_400);
  });

  it('lets a never-expiring policy grant any requested lifetime', () => {
    expect(
      applyRequestedLifetime(resolved({ accessTokenTtl: 'never' }), 'accessTokenTtl', 999_999).value,
    ).toBe(999_999);
  });
});
