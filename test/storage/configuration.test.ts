/** Contract: tenants, clients and scopes, and the version counters and history their writes move. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Conflict } from '../../src/domain/errors.ts';
import type { Repositories } from '../../src/storage/sql/repositories.ts';
import { type SqlStore, sqlBackends } from './backends.ts';
import { change, client, scope, T, tenant, user } from './fixtures.ts';

async function versions(repos: Repositories) {
  const state = await repos.serviceState.get();
  return { policy: state.policyVersion, config: state.configVersion };
}

describe.each(sqlBackends)('tenants ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
  });
  afterEach(() => store.close());

  it('insert without a policy change: stored as given; the config version moves, the policy version does not', async () => {
    const before = await versions(repos);
    const acme = tenant('acme', {
      externalProviders: [{ issuer: 'https://idp.example.com', jwksUri: 'https://idp/jwks', audience: 'a' }],
      notBefore: T - 1,
    });
    await repos.tenants.insert(acme);
    expect(await repos.tenants.get('acme')).toEqual(acme);
    expect(await versions(repos)).toEqual({ policy: before.policy, config: before.config + 1 });
    expect(await repos.serviceState.policyHistory({ level: 'tenant', id: 'acme' }, 10)).toEqual([]);
  });

  it('insert with a policy change: both versions move by one and the change is stored as the new policy version', async () => {
    const before = await versions(repos);
    const policy = { accessTokenTtl: 300 };
    const recorded = change({ level: 'tenant', id: 'acme' }, policy, { actor: 'admin:alice', at: T + 5 });
    await repos.tenants.insert(tenant('acme', { policy }), recorded);
    expect(await versions(repos)).toEqual({ policy: before.policy + 1, config: before.config + 1 });
    expect(await repos.serviceState.policyHistory({ level: 'tenant', id: 'acme' }, 10)).toEqual([
      { ...recorded, version: before.policy + 1 },
    ]);
    expect((await repos.tenants.get('acme'))?.policy).toEqual(policy);
  });

  it('get of an unknown tenant is undefined', async () => {
    expect(await repos.tenants.get('nobody')).toBeUndefined();
  });

  it('a duplicate id is a Conflict and changes nothing', async () => {
    await repos.tenants.insert(tenant('acme'));
    const before = await versions(repos);
    await expect(repos.tenants.insert(tenant('acme', { name: 'Other' }))).rejects.toBeInstanceOf(Conflict);
    await expect(
      repos.tenants.insert(tenant('acme'), change({ level: 'tenant', id: 'acme' }, { accessTokenTtl: 60 })),
    ).rejects.toBeInstanceOf(Conflict);
    expect(await versions(repos)).toEqual(before);
    expect((await repos.tenants.get('acme'))?.name).toBe('Tenant acme');
    expect(await repos.serviceState.policyHistory({ level: 'tenant', id: 'acme' }, 10)).toEqual([]);
  });

  it('a missing parent is a Conflict', async () => {
    await expect(repos.tenants.insert(tenant('orphan', { parentId: 'nobody' }))).rejects.toBeInstanceOf(
      Conflict,
    );
    expect(await repos.tenants.get('orphan')).toBeUndefined();
  });

  it('chain: the tenant and its ancestors, root first; empty for an unknown tenant', async () => {
    const root = tenant('provider');
    const middle = tenant('customer', { parentId: 'provider' });
    const leaf = tenant('sub-customer', { parentId: 'customer' });
    await repos.tenants.insert(root);
    await repos.tenants.insert(middle);
    await repos.tenants.insert(leaf);
    expect(await repos.tenants.chain('sub-customer')).toEqual([root, middle, leaf]);
    expect(await repos.tenants.chain('customer')).toEqual([root, middle]);
    expect(await repos.tenants.chain('provider')).toEqual([root]);
    expect(await repos.tenants.chain('nobody')).toEqual([]);
  });

  it('list: ordered by id, keyset paging with after, filtered by parentId', async () => {
    for (const id of ['d', 'b', 'a', 'c']) await repos.tenants.insert(tenant(id));
    for (const id of ['b2', 'b1']) await repos.tenants.insert(tenant(id, { parentId: 'b' }));
    const ids = async (query: Parameters<Repositories['tenants']['list']>[0]) =>
      (await repos.tenants.list(query)).map((t) => t.id);
    expect(await ids({ limit: 100 })).toEqual(['a', 'b', 'b1', 'b2', 'c', 'd']);
    expect(await ids({ limit: 2 })).toEqual(['a', 'b']);
    expect(await ids({ limit: 2, after: 'b' })).toEqual(['b1', 'b2']);
    expect(await ids({ limit: 2, after: 'b2' })).toEqual(['c', 'd']);
    expect(await ids({ limit: 2, after: 'd' })).toEqual([]);
    expect(await ids({ limit: 100, parentId: 'b' })).toEqual(['b1', 'b2']);
    expect(await ids({ limit: 1, parentId: 'b', after: 'b1' })).toEqual(['b2']);
    expect(await ids({ limit: 100, parentId: 'a' })).toEqual([]);
    expect((await repos.tenants.list({ limit: 1 }))[0]).toEqual(tenant('a'));
  });

  it('update: stores the new fields; with a policy change both versions move and the change is recorded', async () => {
    await repos.tenants.insert(tenant('parent'));
    await repos.tenants.insert(tenant('acme'));
    const renamed = tenant('acme', { name: 'Acme Inc.', parentId: 'parent', updatedAt: T + 10 });
    let before = await versions(repos);
    await repos.tenants.update(renamed);
    expect(await repos.tenants.get('acme')).toEqual(renamed);
    expect(await versions(repos)).toEqual({ policy: before.policy, config: before.config + 1 });

    before = await versions(repos);
    const policy = { refreshTokenTtl: 3600 };
    const recorded = change({ level: 'tenant', id: 'acme' }, policy, { at: T + 20 });
    await repos.tenants.update({ ...renamed, policy, updatedAt: T + 20 }, recorded);
    expect(await repos.tenants.get('acme')).toEqual({ ...renamed, policy, updatedAt: T + 20 });
    expect(await versions(repos)).toEqual({ policy: before.policy + 1, config: before.config + 1 });
    expect(await repos.serviceState.policyHistory({ level: 'tenant', id: 'acme' }, 10)).toEqual([
      { ...recorded, version: before.policy + 1 },
    ]);
  });

  it('update to a missing parent is a Conflict', async () => {
    await repos.tenants.insert(tenant('acme'));
    await expect(repos.tenants.update(tenant('acme', { parentId: 'nobody' }))).rejects.toBeInstanceOf(
      Conflict,
    );
    expect((await repos.tenants.get('acme'))?.parentId).toBeNull();
  });

  it('delete: refused with Conflict while a sub-tenant or a client remains; then true, and the config version moves', async () => {
    await repos.tenants.insert(tenant('acme'));
    await repos.tenants.insert(tenant('acme-eu', { parentId: 'acme' }));
    const before = await versions(repos);
    await expect(repos.tenants.delete('acme')).rejects.toBeInstanceOf(Conflict);
    expect(await repos.tenants.countChildren('acme')).toBe(1);
    expect(await repos.tenants.delete('acme-eu')).toBe(true);
    expect(await repos.tenants.countChildren('acme')).toBe(0);

    await repos.clients.insert(client('web', 'acme'));
    await expect(repos.tenants.delete('acme')).rejects.toBeInstanceOf(Conflict);
    expect(await repos.tenants.get('acme')).toBeDefined();
    expect(await repos.clients.delete('web')).toBe(true);
    // acme-eu's delete and the client's insert and delete: one config change each, none for the refusals
    expect(await versions(repos)).toEqual({ policy: before.policy, config: before.config + 3 });

    expect(await repos.tenants.delete('acme')).toBe(true);
    expect(await repos.tenants.get('acme')).toBeUndefined();
    expect(await versions(repos)).toEqual({ policy: before.policy, config: before.config + 4 });
  });

  it('delete: refused with Conflict while a user of the tenant remains', async () => {
    await repos.tenants.insert(tenant('acme'));
    await repos.users.insert(user('alice', 'acme'));
    await expect(repos.tenants.delete('acme')).rejects.toBeInstanceOf(Conflict);
    expect(await repos.tenants.get('acme')).toBeDefined();
  });

  it('deleting a missing tenant is false and changes no version', async () => {
    const before = await versions(repos);
    expect(await repos.tenants.delete('nobody')).toBe(false);
    expect(await versions(repos)).toEqual(before);
  });
});

describe.each(sqlBackends)('clients ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
    await repos.tenants.insert(tenant('acme'));
    await repos.tenants.insert(tenant('globex'));
  });
  afterEach(() => store.close());

  it('insert and get: stored as given; the config version moves', async () => {
    const before = await versions(repos);
    const web = client('web', 'acme', {
      grantTypes: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
      postLogoutRedirectUris: ['https://web.example.com/bye'],
      firstParty: true,
      notBefore: T - 5,
    });
    const spa = client('spa', 'acme', { secretHash: null, tokenEndpointAuthMethod: 'none' });
    await repos.clients.insert(web);
    await repos.clients.insert(spa);
    expect(await repos.clients.get('web')).toEqual(web);
    expect(await repos.clients.get('spa')).toEqual(spa);
    expect(await repos.clients.get('nobody')).toBeUndefined();
    expect(await versions(repos)).toEqual({ policy: before.policy, config: before.config + 2 });
  });

  it('insert with a policy change records it under the client', async () => {
    const before = await versions(repos);
    const recorded = change({ level: 'client', id: 'web' }, { accessTokenTtl: 120 });
    await repos.clients.insert(client('web', 'acme', { policy: { accessTokenTtl: 120 } }), recorded);
    expect(await versions(repos)).toEqual({ policy: before.policy + 1, config: before.config + 1 });
    expect(await repos.serviceState.policyHistory({ level: 'client', id: 'web' }, 10)).toEqual([
      { ...recorded, version: before.policy + 1 },
    ]);
  });

  it('a duplicate id or a missing tenant is a Conflict and changes no version', async () => {
    await repos.clients.insert(client('web', 'acme'));
    const before = await versions(repos);
    await expect(repos.clients.insert(client('web', 'globex'))).rejects.toBeInstanceOf(Conflict);
    await expect(repos.clients.insert(client('api', 'nobody'))).rejects.toBeInstanceOf(Conflict);
    expect(await versions(repos)).toEqual(before);
    expect((await repos.clients.get('web'))?.tenantId).toBe('acme');
    expect(await repos.clients.get('api')).toBeUndefined();
  });

  it('list: ordered by id, paged with after, filtered by tenant; countByTenant', async () => {
    for (const id of ['c3', 'c1', 'c2']) await repos.clients.insert(client(id, 'acme'));
    await repos.clients.insert(client('c0', 'globex'));
    const ids = async (query: Parameters<Repositories['clients']['list']>[0]) =>
      (await repos.clients.list(query)).map((c) => c.id);
    expect(await ids({ limit: 10 })).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(await ids({ limit: 2, after: 'c0' })).toEqual(['c1', 'c2']);
    expect(await ids({ limit: 10, tenantId: 'acme' })).toEqual(['c1', 'c2', 'c3']);
    expect(await ids({ limit: 1, tenantId: 'acme', after: 'c1' })).toEqual(['c2']);
    expect(await repos.clients.countByTenant('acme')).toBe(3);
    expect(await repos.clients.countByTenant('globex')).toBe(1);
    expect(await repos.clients.countByTenant('nobody')).toBe(0);
  });

  it('update: stored; with a policy change both versions move and the change is recorded', async () => {
    await repos.clients.insert(client('web', 'acme'));
    const before = await versions(repos);
    const updated = client('web', 'acme', {
      name: 'Web 2',
      redirectUris: ['https://web.example.com/cb2'],
      policy: { accessTokenTtl: 60 },
      updatedAt: T + 1,
    });
    const recorded = change({ level: 'client', id: 'web' }, { accessTokenTtl: 60 });
    await repos.clients.update(updated, recorded);
    expect(await repos.clients.get('web')).toEqual(updated);
    expect(await versions(repos)).toEqual({ policy: before.policy + 1, config: before.config + 1 });
    expect(await repos.serviceState.policyHistory({ level: 'client', id: 'web' }, 10)).toHaveLength(1);
    await repos.clients.update({ ...updated, tenantId: 'globex' });
    expect((await repos.clients.get('web'))?.tenantId).toBe('globex');
    expect(await versions(repos)).toEqual({ policy: before.policy + 1, config: before.config + 2 });
  });

  it('delete: true once, then false; only a real delete moves the config version', async () => {
    await repos.clients.insert(client('web', 'acme'));
    const before = await versions(repos);
    expect(await repos.clients.delete('web')).toBe(true);
    expect(await repos.clients.get('web')).toBeUndefined();
    expect(await repos.clients.delete('web')).toBe(false);
    expect(await versions(repos)).toEqual({ policy: before.policy, config: before.config + 1 });
  });
});

describe.each(sqlBackends)('scopes ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
  });
  afterEach(() => store.close());

  it('insert, get and list (ordered by name); a duplicate name is a Conflict', async () => {
    const before = await versions(repos);
    const profile = scope('profile');
    const payments = scope('payments', { policy: { accessTokenTtl: 60 } });
    await repos.scopes.insert(profile);
    await repos.scopes.insert(payments, change({ level: 'scope', id: 'payments' }, { accessTokenTtl: 60 }));
    expect(await repos.scopes.get('profile')).toEqual(profile);
    expect(await repos.scopes.get('nobody')).toBeUndefined();
    expect(await repos.scopes.list()).toEqual([payments, profile]);
    expect(await versions(repos)).toEqual({ policy: before.policy + 1, config: before.config + 2 });
    await expect(repos.scopes.insert(scope('profile'))).rejects.toBeInstanceOf(Conflict);
    expect(await versions(repos)).toEqual({ policy: before.policy + 1, config: before.config + 2 });
  });

  it('update with and without a policy change; delete true once, then false without a version change', async () => {
    await repos.scopes.insert(scope('payments'));
    const before = await versions(repos);
    const described = scope('payments', { description: 'Payments', updatedAt: T + 1 });
    await repos.scopes.update(described);
    expect(await repos.scopes.get('payments')).toEqual(described);
    const recorded = change({ level: 'scope', id: 'payments' }, { accessTokenTtl: 30 });
    await repos.scopes.update({ ...described, policy: { accessTokenTtl: 30 } }, recorded);
    expect((await repos.scopes.get('payments'))?.policy).toEqual({ accessTokenTtl: 30 });
    expect(await repos.serviceState.policyHistory({ level: 'scope', id: 'payments' }, 10)).toEqual([
      { ...recorded, version: before.policy + 1 },
    ]);
    expect(await versions(repos)).toEqual({ policy: before.policy + 1, config: before.config + 2 });
    expect(await repos.scopes.delete('payments')).toBe(true);
    expect(await repos.scopes.delete('payments')).toBe(false);
    expect(await repos.scopes.list()).toEqual([]);
    expect(await versions(repos)).toEqual({ policy: before.policy + 1, config: before.config + 3 });
  });
});
