/** Contract: the service state (policy, version counters, not-befores, policy history) and the policy catalog. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../src/domain/policy/document.ts';
import type { Repositories } from '../../src/storage/sql/repositories.ts';
import { type SqlStore, sqlBackends } from './backends.ts';
import { change, client, scope, T, tenant, user } from './fixtures.ts';

async function versions(repos: Repositories) {
  const state = await repos.serviceState.get();
  return { policy: state.policyVersion, config: state.configVersion };
}

describe.each(sqlBackends)('service state ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
  });
  afterEach(() => store.close());

  it('configVersion() is the configVersion of get()', async () => {
    expect(await repos.serviceState.configVersion()).toBe((await repos.serviceState.get()).configVersion);
    await repos.tenants.insert(tenant('acme'));
    expect(await repos.serviceState.configVersion()).toBe((await repos.serviceState.get()).configVersion);
  });

  it('saveServicePolicy stores the policy, moves both versions by one and records the change as that version', async () => {
    const before = await versions(repos);
    const first = change({ level: 'service' }, { accessTokenTtl: 900 }, { actor: 'admin:a', at: T });
    await repos.serviceState.saveServicePolicy(first);
    expect((await repos.serviceState.get()).policy).toEqual({ accessTokenTtl: 900 });
    expect(await versions(repos)).toEqual({ policy: before.policy + 1, config: before.config + 1 });
    const second = change(
      { level: 'service' },
      { accessTokenTtl: 600, max: { refreshTokenTtl: 86_400 } },
      { before: { accessTokenTtl: 900 }, actor: 'admin:b', at: T + 1 },
    );
    await repos.serviceState.saveServicePolicy(second);
    expect((await repos.serviceState.get()).policy).toEqual(second.after);
    expect(await versions(repos)).toEqual({ policy: before.policy + 2, config: before.config + 2 });
    expect(await repos.serviceState.policyHistory({ level: 'service' }, 10)).toEqual([
      { ...second, version: before.policy + 2 },
      { ...first, version: before.policy + 1 },
    ]);
  });

  it('policyHistory: newest first, limited, and only the owner asked for', async () => {
    const start = (await versions(repos)).policy;
    await repos.tenants.insert(
      tenant('acme'),
      change({ level: 'tenant', id: 'acme' }, { accessTokenTtl: 1 }),
    );
    await repos.tenants.insert(
      tenant('globex'),
      change({ level: 'tenant', id: 'globex' }, { accessTokenTtl: 2 }),
    );
    await repos.serviceState.saveServicePolicy(change({ level: 'service' }, { accessTokenTtl: 3 }));
    // each update records the document it replaces: a policy write is a compare-and-swap on its `before`
    let before: PolicyDocument = {};
    for (const ttl of [4, 5, 6]) {
      await repos.tenants.update(
        tenant('acme', { policy: { accessTokenTtl: ttl } }),
        change({ level: 'tenant', id: 'acme' }, { accessTokenTtl: ttl }, { before }),
      );
      before = { accessTokenTtl: ttl };
    }
    await repos.clients.insert(
      client('acme', 'acme'),
      change({ level: 'client', id: 'acme' }, { accessTokenTtl: 7 }),
    );
    const acme = await repos.serviceState.policyHistory({ level: 'tenant', id: 'acme' }, 10);
    expect(acme.map((v) => [v.version, v.after.accessTokenTtl])).toEqual([
      [start + 6, 6],
      [start + 5, 5],
      [start + 4, 4],
      [start + 1, 1],
    ]);
    expect(acme.every((v) => v.owner.level === 'tenant' && v.owner.id === 'acme')).toBe(true);
    expect(
      (await repos.serviceState.policyHistory({ level: 'tenant', id: 'acme' }, 2)).map((v) => v.version),
    ).toEqual([start + 6, start + 5]);
    expect(
      (await repos.serviceState.policyHistory({ level: 'service' }, 10)).map((v) => v.after.accessTokenTtl),
    ).toEqual([3]);
    expect(
      (await repos.serviceState.policyHistory({ level: 'client', id: 'acme' }, 10)).map((v) => v.version),
    ).toEqual([start + 7]);
    expect(await repos.serviceState.policyHistory({ level: 'scope', id: 'acme' }, 10)).toEqual([]);
    expect((await versions(repos)).policy).toBe(start + 7);
  });

  it('raiseNotBefore moves each level forward, never back, and bumps the config version; notBefores is the snapshot', async () => {
    await repos.tenants.insert(tenant('acme'));
    await repos.tenants.insert(tenant('globex'));
    await repos.clients.insert(client('web', 'acme'));
    await repos.clients.insert(client('api', 'acme'));
    expect(await repos.serviceState.notBefores()).toEqual({
      service: null,
      tenants: new Map(),
      clients: new Map(),
    });

    let config = (await versions(repos)).config;
    expect(await repos.serviceState.raiseNotBefore({ level: 'service' }, T + 100)).toBe(true);
    expect(await repos.serviceState.raiseNotBefore({ level: 'tenant', id: 'acme' }, T + 200)).toBe(true);
    expect(await repos.serviceState.raiseNotBefore({ level: 'client', id: 'web' }, T + 300)).toBe(true);
    expect((await versions(repos)).config).toBe(config + 3);
    expect((await repos.serviceState.get()).notBefore).toBe(T + 100);
    expect((await repos.tenants.get('acme'))?.notBefore).toBe(T + 200);
    expect((await repos.clients.get('web'))?.notBefore).toBe(T + 300);

    // an earlier instant leaves every level where it was
    expect(await repos.serviceState.raiseNotBefore({ level: 'service' }, T + 1)).toBe(true);
    expect(await repos.serviceState.raiseNotBefore({ level: 'tenant', id: 'acme' }, T + 1)).toBe(true);
    expect(await repos.serviceState.raiseNotBefore({ level: 'client', id: 'web' }, T + 1)).toBe(true);
    expect(await repos.serviceState.notBefores()).toEqual({
      service: T + 100,
      tenants: new Map([['acme', T + 200]]),
      clients: new Map([['web', T + 300]]),
    });

    config = (await versions(repos)).config;
    expect(await repos.serviceState.raiseNotBefore({ level: 'tenant', id: 'acme' }, T + 400)).toBe(true);
    expect(await repos.serviceState.raiseNotBefore({ level: 'tenant', id: 'globex' }, T + 50)).toBe(true);
    expect((await versions(repos)).config).toBe(config + 2);
    expect(await repos.serviceState.notBefores()).toEqual({
      service: T + 100,
      tenants: new Map([
        ['acme', T + 400],
        ['globex', T + 50],
      ]),
      clients: new Map([['web', T + 300]]),
    });
  });

  it('raiseNotBefore of a missing tenant or client is false and changes no version', async () => {
    const before = await versions(repos);
    expect(await repos.serviceState.raiseNotBefore({ level: 'tenant', id: 'nobody' }, T)).toBe(false);
    expect(await repos.serviceState.raiseNotBefore({ level: 'client', id: 'nobody' }, T)).toBe(false);
    expect(await versions(repos)).toEqual(before);
    expect(await repos.serviceState.notBefores()).toEqual({
      service: null,
      tenants: new Map(),
      clients: new Map(),
    });
  });

  it('allPolicies: the service policy and every non-empty tenant, client, scope and user policy', async () => {
    const service: PolicyDocument = { accessTokenTtl: 900 };
    const tenantPolicy: PolicyDocument = { refreshTokenTtl: 3600 };
    const clientPolicy: PolicyDocument = {
      accessTokenTtl: 60,
      subjectClasses: { admin: { accessTokenTtl: 30 } },
    };
    const scopePolicy: PolicyDocument = { accessTokenTtl: 45 };
    const userPolicy: PolicyDocument = { accessTokenTtl: 20 };
    await repos.serviceState.saveServicePolicy(change({ level: 'service' }, service));
    await repos.tenants.insert(tenant('acme', { policy: tenantPolicy }));
    await repos.tenants.insert(tenant('globex'));
    await repos.clients.insert(client('web', 'acme', { policy: clientPolicy }));
    await repos.clients.insert(client('api', 'acme'));
    await repos.scopes.insert(scope('payments', { policy: scopePolicy }));
    await repos.scopes.insert(scope('profile'));
    await repos.users.insert(user('alice', 'acme', { policy: userPolicy }));
    await repos.users.insert(user('bob', 'acme'));
    const sorted = (documents: PolicyDocument[]) => documents.map((d) => JSON.stringify(d)).sort();
    expect(sorted(await repos.policyCatalog.allPolicies())).toEqual(
      sorted([service, tenantPolicy, clientPolicy, scopePolicy, userPolicy]),
    );
  });

  it('allPolicies of a fresh store is the (empty) service policy alone', async () => {
    expect(await repos.policyCatalog.allPolicies()).toEqual([(await repos.serviceState.get()).policy]);
  });
});

describe.each(sqlBackends)('service state seen from a second connection ($name)', (backend) => {
  it('a change made on one connection moves the config version the other reads', async () => {
    const store = await backend.openShared();
    try {
      const seen = await store.peer.serviceState.configVersion();
      await store.repos.tenants.insert(tenant('acme'));
      expect(await store.peer.serviceState.configVersion()).toBe(seen + 1);
      await store.peer.serviceState.raiseNotBefore({ level: 'tenant', id: 'acme' }, T);
      expect(await store.repos.serviceState.configVersion()).toBe(seen + 2);
      expect((await store.repos.tenants.get('acme'))?.notBefore).toBe(T);
    } finally {
      await store.close();
    }
  });
});
