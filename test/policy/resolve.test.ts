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

describe('the stack of every level that says something about a setting', () => {
  const DEFAULT = { level: 'default' } as const;
  const CONFIGURATION = { level: 'service', id: 'configuration' } as const;
  const STORED = { level: 'service', id: 'stored' } as const;

  it('is the default alone, as the winner, when nothing is set', () => {
    const { stacks } = resolvePolicy(path({}));
    expect(stacks.accessTokenTtl).toEqual([{ source: DEFAULT, value: 3600, role: 'won' }]);
    expect(stacks.accessTokenFormat).toEqual([{ source: DEFAULT, value: 'jwt', role: 'won' }]);
  });

  it('lists the entities broad to specific, then the subject-class blocks in owner order, then the user', () => {
    const resolved = resolvePolicy(
      path({
        configured: { accessTokenTtl: 100 },
        stored: { accessTokenTtl: 200, subjectClasses: { admin: { accessTokenTtl: 700 } } },
        tenants: [
          holder('provider', { accessTokenTtl: 300 }),
          holder('quiet', { refreshTokenTtl: 86_400 }),
          holder('customer', { accessTokenTtl: 400, subjectClasses: { admin: { accessTokenTtl: 800 } } }),
        ],
        client: holder('web', { accessTokenTtl: 500, subjectClasses: { user: { accessTokenTtl: 50 } } }),
        subjectClass: 'admin',
        user: holder('u1', { accessTokenTtl: 900 }),
      }),
    );
    expect(resolved.stacks.accessTokenTtl).toEqual([
      { source: DEFAULT, value: 3600, role: 'overridden' },
      { source: CONFIGURATION, value: 100, role: 'overridden' },
      { source: STORED, value: 200, role: 'overridden' },
      { source: { level: 'tenant', id: 'provider' }, value: 300, role: 'overridden' },
      { source: { level: 'tenant', id: 'customer' }, value: 400, role: 'overridden' },
      { source: { level: 'client', id: 'web' }, value: 500, role: 'overridden' },
      { source: { level: 'subjectClass', id: 'admin', owner: STORED }, value: 700, role: 'overridden' },
      {
        source: { level: 'subjectClass', id: 'admin', owner: { level: 'tenant', id: 'customer' } },
        value: 800,
        role: 'overridden',
      },
      { source: { level: 'user', id: 'u1' }, value: 900, role: 'won' },
    ]);
    expect(resolved.explanation.accessTokenTtl).toEqual({ value: 900, source: { level: 'user', id: 'u1' } });
    expect(resolved.stacks.refreshTokenTtl).toEqual([
      { source: DEFAULT, value: 2_592_000, role: 'overridden' },
      { source: { level: 'tenant', id: 'quiet' }, value: 86_400, role: 'won' },
    ]);
  });

  it('marks the scopes that lost to a shorter one, and the shortest as the winner', () => {
    const resolved = resolvePolicy(
      path({
        client: holder('client-2', { accessTokenTtl: 3000 }),
        scopes: [
          holder('profile', { accessTokenTtl: 7200 }),
          holder('payment', { accessTokenTtl: 600 }),
          holder('audit', { accessTokenTtl: 600 }),
          holder('plain', { refreshTokenTtl: 86_400 }),
        ],
      }),
    );
    expect(resolved.stacks.accessTokenTtl).toEqual([
      { source: DEFAULT, value: 3600, role: 'overridden' },
      { source: { level: 'client', id: 'client-2' }, value: 3000, role: 'overridden' },
      { source: { level: 'scope', id: 'profile' }, value: 7200, role: 'longer-scope' },
      { source: { level: 'scope', id: 'payment' }, value: 600, role: 'won' },
      { source: { level: 'scope', id: 'audit' }, value: 600, role: 'longer-scope' },
    ]);
    expect(resolved.explanation.accessTokenTtl).toEqual({
      value: 600,
      source: { level: 'scope', id: 'payment' },
    });
  });

  it('shows the shortest scope as overridden when the user sets the value', () => {
    const { stacks } = resolvePolicy(
      path({
        scopes: [holder('payment', { accessTokenTtl: 600 }), holder('profile', { accessTokenTtl: 7200 })],
        user: holder('kiosk', { accessTokenTtl: 300 }),
      }),
    );
    expect(stacks.accessTokenTtl).toEqual([
      { source: DEFAULT, value: 3600, role: 'overridden' },
      { source: { level: 'scope', id: 'payment' }, value: 600, role: 'overridden' },
      { source: { level: 'scope', id: 'profile' }, value: 7200, role: 'longer-scope' },
      { source: { level: 'user', id: 'kiosk' }, value: 300, role: 'won' },
    ]);
  });

  it('marks the binding ceiling, and that it clamped the winner', () => {
    const resolved = resolvePolicy(
      path({
        stored: { max: { accessTokenTtl: 86_400 } },
        tenants: [holder('acme', { accessTokenTtl: 1800, max: { accessTokenTtl: 7200 } })],
        client: holder('greedy', { accessTokenTtl: 7_776_000 }),
      }),
    );
    expect(resolved.stacks.accessTokenTtl).toEqual([
      { source: DEFAULT, value: 3600, role: 'overridden' },
      { source: STORED, max: 86_400, role: 'ceiling-only' },
      {
        source: { level: 'tenant', id: 'acme' },
        value: 1800,
        max: 7200,
        role: 'overridden',
        binding: true,
        clamped: true,
      },
      { source: { level: 'client', id: 'greedy' }, value: 7_776_000, role: 'won' },
    ]);
    expect(resolved.explanation.accessTokenTtl).toEqual({
      value: 7200,
      source: { level: 'client', id: 'greedy' },
      clampedBy: { level: 'tenant', id: 'acme' },
      ceiling: { value: 7200, source: { level: 'tenant', id: 'acme' } },
    });
  });

  it('marks a binding ceiling that did not clamp, a ceiling set below the winner, and the first of equal ceilings', () => {
    const { stacks } = resolvePolicy(
      path({
        stored: { accessTokenTtl: 600, max: { accessTokenTtl: 3600 } },
        tenants: [holder('acme', { max: { accessTokenTtl: 3600 } })],
        scopes: [holder('payment', { max: { accessTokenTtl: 86_400 } })],
      }),
    );
    expect(stacks.accessTokenTtl).toEqual([
      { source: DEFAULT, value: 3600, role: 'overridden' },
      { source: STORED, value: 600, max: 3600, role: 'won', binding: true },
      { source: { level: 'tenant', id: 'acme' }, max: 3600, role: 'ceiling-only' },
      { source: { level: 'scope', id: 'payment' }, max: 86_400, role: 'ceiling-only' },
    ]);
  });

  it('lets a ceiling clamp the default, and a subject-class ceiling bind only its class', () => {
    const stored: PolicyDocument = { subjectClasses: { anonymous: { max: { accessTokenTtl: 60 } } } };
    const anonymous = resolvePolicy(path({ stored, subjectClass: 'anonymous' }));
    expect(anonymous.stacks.accessTokenTtl).toEqual([
      { source: DEFAULT, value: 3600, role: 'won' },
      {
        source: { level: 'subjectClass', id: 'anonymous', owner: STORED },
        max: 60,
        role: 'ceiling-only',
        binding: true,
        clamped: true,
      },
    ]);
    expect(anonymous.explanation.accessTokenTtl).toEqual({
      value: 60,
      source: DEFAULT,
      clampedBy: { level: 'subjectClass', id: 'anonymous', owner: STORED },
      ceiling: { value: 60, source: { level: 'subjectClass', id: 'anonymous', owner: STORED } },
    });
    expect(resolvePolicy(path({ stored, subjectClass: 'user' })).stacks.accessTokenTtl).toEqual([
      { source: DEFAULT, value: 3600, role: 'won' },
    ]);
  });

  it('keeps the value a level sets in its entry: never, none, booleans and enums', () => {
    const { stacks } = resolvePolicy(
      path({
        stored: { refreshTokenTtl: 'never', sessionIdleTtl: 'none', refreshTokenRotation: false },
        client: holder('web', { max: { refreshTokenTtl: 86_400 }, accessTokenFormat: 'opaque' }),
      }),
    );
    expect(stacks.refreshTokenTtl).toEqual([
      { source: DEFAULT, value: 2_592_000, role: 'overridden' },
      { source: STORED, value: 'never', role: 'won' },
      {
        source: { level: 'client', id: 'web' },
        max: 86_400,
        role: 'ceiling-only',
        binding: true,
        clamped: true,
      },
    ]);
    expect(stacks.sessionIdleTtl).toEqual([
      { source: DEFAULT, value: 'none', role: 'overridden' },
      { source: STORED, value: 'none', role: 'won' },
    ]);
    expect(stacks.refreshTokenRotation).toEqual([
      { source: DEFAULT, value: true, role: 'overridden' },
      { source: STORED, value: false, role: 'won' },
    ]);
    expect(stacks.accessTokenFormat).toEqual([
      { source: DEFAULT, value: 'jwt', role: 'overridden' },
      { source: { level: 'client', id: 'web' }, value: 'opaque', role: 'won' },
    ]);
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
