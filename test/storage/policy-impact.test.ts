/** Contract: what lives under a level (live refresh families and sessions), for a policy change's preview. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PolicyOwner } from '../../src/domain/policy/change.ts';
import type { Grant, RefreshTokenRecord } from '../../src/domain/tokens/grant.ts';
import type { Repositories } from '../../src/storage/sql/repositories.ts';
import { type SqlStore, sqlBackends } from './backends.ts';
import { client, grant, HOUR, refreshToken, session, T, tenant, user } from './fixtures.ts';

const NOW = T + HOUR;

/**
 * provider ─ customer; other. Live families: g1, g2, g3, g7 (through its successor), g9, g10; not live: g4 (revoked),
 * g5 (past its absolute lifetime), g6 (token expired), g8 (no refresh token). Live sessions: s1, s2, s3 (s4 ended).
 */
async function populate(repos: Repositories) {
  await repos.tenants.insert(tenant('provider'));
  await repos.tenants.insert(tenant('customer', { parentId: 'provider' }));
  await repos.tenants.insert(tenant('other'));
  await repos.clients.insert(client('c-provider', 'provider'));
  await repos.clients.insert(client('c-customer', 'customer'));
  await repos.clients.insert(client('c-other', 'other'));
  await repos.users.insert(user('u1', 'provider'));
  await repos.users.insert(user('u2', 'customer'));
  await repos.users.insert(user('u3', 'other'));
  await repos.sessions.insert(session('s1', 'u1', 'provider'));
  await repos.sessions.insert(session('s2', 'u2', 'customer'));
  await repos.sessions.insert(session('s3', 'u3', 'other'));
  await repos.sessions.insert(session('s4', 'u1', 'provider', { endedAt: T + 1 }));
  const at = {
    provider: { tenantId: 'provider', clientId: 'c-provider', userId: 'u1' },
    customer: { tenantId: 'customer', clientId: 'c-customer', userId: 'u2' },
    other: { tenantId: 'other', clientId: 'c-other', userId: 'u3' },
  };
  const family = async (
    id: string,
    where: keyof typeof at,
    sessionId: string | null,
    scope: string,
    token: Partial<RefreshTokenRecord> | 'none' = {},
    overrides: Partial<Grant> = {},
  ) => {
    const g = grant(id, { ...at[where], sessionId, scope, ...overrides });
    await repos.grants.insert(g, token === 'none' ? undefined : refreshToken(`r-${id}`, id, token));
  };
  await family('g1', 'provider', 's1', 'openid profile');
  await family('g2', 'customer', 's2', 'openid email', { expiresAt: null });
  await family('g3', 'other', 's3', 'profile');
  await family('g4', 'provider', 's1', 'openid profile', {}, { revokedAt: T + 2 });
  await family('g5', 'provider', 's1', 'openid', {}, { absoluteExpiresAt: NOW - 1 });
  await family('g6', 'customer', 's2', 'openid', { expiresAt: NOW - 1 });
  await family('g7', 'customer', 's2', 'openid');
  await repos.grants.rotate('r-g7', refreshToken('r-g7-next', 'g7', { issuedAt: T + 5 }), 'box', T + 5);
  await family('g8', 'provider', 's1', 'openid', 'none');
  await family('g9', 'other', null, 'openid');
  await family('g10', 'provider', 's4', 'openid');
}

const CASES: [string, PolicyOwner, { refreshFamilies: number; sessions: number }][] = [
  ['the service', { level: 'service' }, { refreshFamilies: 6, sessions: 3 }],
  ['a tenant with its sub-tenants', { level: 'tenant', id: 'provider' }, { refreshFamilies: 4, sessions: 2 }],
  ['a leaf tenant', { level: 'tenant', id: 'customer' }, { refreshFamilies: 2, sessions: 1 }],
  ['another tenant', { level: 'tenant', id: 'other' }, { refreshFamilies: 2, sessions: 1 }],
  ['an unknown tenant', { level: 'tenant', id: 'nobody' }, { refreshFamilies: 0, sessions: 0 }],
  ['a client', { level: 'client', id: 'c-provider' }, { refreshFamilies: 2, sessions: 1 }],
  ['another client', { level: 'client', id: 'c-customer' }, { refreshFamilies: 2, sessions: 1 }],
  ['a scope', { level: 'scope', id: 'profile' }, { refreshFamilies: 2, sessions: 2 }],
  ['another scope', { level: 'scope', id: 'email' }, { refreshFamilies: 1, sessions: 1 }],
  [
    'a scope name that is only part of granted ones',
    { level: 'scope', id: 'prof' },
    { refreshFamilies: 0, sessions: 0 },
  ],
];

describe.each(sqlBackends)('policy impact ($name)', (backend) => {
  let store: SqlStore;
  beforeEach(async () => {
    store = await backend.open();
    await populate(store.repos);
  });
  afterEach(() => store.close());

  it.each(CASES)('liveCounts of %s', async (_name, owner, expected) => {
    expect(await store.repos.policyImpact.liveCounts(owner, NOW)).toEqual(expected);
  });

  it('liveCounts follow the instant: families whose tokens expire by then are no longer live', async () => {
    // g1, g3, g7's successor, g9, g10 expire at T + 24 h; g2's token never expires (absolute: T + 30 days)
    expect(await store.repos.policyImpact.liveCounts({ level: 'service' }, T + 25 * HOUR)).toEqual({
      refreshFamilies: 1,
      sessions: 3,
    });
  });
});
