/**
 * Contract: a policy write is a compare-and-swap on its change's `before` (the stored text), in the transaction
 * that records the change: a stale `before` writes and records nothing (RFC 9110 §13.1.1 If-Match rests on it).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PreconditionFailed } from '../../src/domain/errors.ts';
import type { PolicyChange, PolicyOwner } from '../../src/domain/policy/change.ts';
import type { PolicyDocument } from '../../src/domain/policy/document.ts';
import type { Repositories } from '../../src/storage/sql/repositories.ts';
import { type SqlStore, sqlBackends } from './backends.ts';
import { change, client, scope, T, tenant } from './fixtures.ts';

const STORED: PolicyDocument = { accessTokenTtl: 60 };

interface Level {
  name: string;
  owner: PolicyOwner;
  refused: string;
  write(repos: Repositories, change: PolicyChange): Promise<void>;
  read(repos: Repositories): Promise<PolicyDocument | undefined>;
}

const LEVELS: Level[] = [
  {
    name: 'tenant',
    owner: { level: 'tenant', id: 'acme' },
    refused: 'the policy of tenant acme has changed since it was read',
    write: (repos, c) => repos.tenants.update(tenant('acme', { policy: c.after, updatedAt: c.at }), c),
    read: async (repos) => (await repos.tenants.get('acme'))?.policy,
  },
  {
    name: 'client',
    owner: { level: 'client', id: 'web' },
    refused: 'the policy of client web has changed since it was read',
    write: (repos, c) => repos.clients.update(client('web', 'acme', { policy: c.after, updatedAt: c.at }), c),
    read: async (repos) => (await repos.clients.get('web'))?.policy,
  },
  {
    name: 'scope',
    owner: { level: 'scope', id: 'payments' },
    refused: 'the policy of scope payments has changed since it was read',
    write: (repos, c) => repos.scopes.update(scope('payments', { policy: c.after, updatedAt: c.at }), c),
    read: async (repos) => (await repos.scopes.get('payments'))?.policy,
  },
  {
    name: 'service',
    owner: { level: 'service' },
    refused: 'the policy of the service has changed since it was read',
    write: (repos, c) => repos.serviceState.saveServicePolicy(c),
    read: async (repos) => (await repos.serviceState.get()).policy,
  },
];

/** Every level stores STORED, written through its own recorded change. */
async function seed(repos: Repositories): Promise<void> {
  await repos.tenants.insert(
    tenant('acme', { policy: STORED }),
    change({ level: 'tenant', id: 'acme' }, STORED),
  );
  await repos.clients.insert(
    client('web', 'acme', { policy: STORED }),
    change({ level: 'client', id: 'web' }, STORED),
  );
  await repos.scopes.insert(
    scope('payments', { policy: STORED }),
    change({ level: 'scope', id: 'payments' }, STORED),
  );
  await repos.serviceState.saveServicePolicy(change({ level: 'service' }, STORED));
}

/** What a refused write must leave exactly as it was. */
async function snapshot(repos: Repositories, level: Level) {
  const state = await repos.serviceState.get();
  return {
    policy: await level.read(repos),
    policyVersion: state.policyVersion,
    configVersion: state.configVersion,
    history: await repos.serviceState.policyHistory(level.owner, 10),
  };
}

describe.each(sqlBackends)('policy compare-and-swap ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
    await seed(repos);
  });
  afterEach(() => store.close());

  it.each(LEVELS)(
    '$name: a stale before is refused with PreconditionFailed; nothing is written or recorded',
    async (level) => {
      const before = await snapshot(repos, level);
      for (const stale of [{}, { accessTokenTtl: 61 }, { ...STORED, invalidateOnChange: true }]) {
        const refused = level.write(
          repos,
          change(level.owner, { accessTokenTtl: 30 }, { before: stale, at: T + 1 }),
        );
        await expect(refused).rejects.toBeInstanceOf(PreconditionFailed);
        await expect(refused).rejects.toThrow(level.refused);
        expect(await snapshot(repos, level)).toEqual(before);
      }
    },
  );

  it.each(LEVELS)('$name: the true before is written, and recorded as the next version', async (level) => {
    const before = await snapshot(repos, level);
    const written = change(level.owner, { accessTokenTtl: 30 }, { before: STORED, at: T + 1 });
    await level.write(repos, written);
    expect(await snapshot(repos, level)).toEqual({
      policy: { accessTokenTtl: 30 },
      policyVersion: before.policyVersion + 1,
      configVersion: before.configVersion + 1,
      history: [{ ...written, version: before.policyVersion + 1 }, ...before.history],
    });
  });
});

describe.each(sqlBackends)('policy compare-and-swap across connections ($name)', (backend) => {
  it('two writes over the same before from two connections: exactly one is stored and recorded, per level', async () => {
    const shared = await backend.openShared();
    try {
      await seed(shared.repos);
      for (const level of LEVELS) {
        const before = await snapshot(shared.repos, level);
        const mine = change(
          level.owner,
          { accessTokenTtl: 30 },
          { before: STORED, actor: 'admin:a', at: T + 1 },
        );
        const theirs = change(
          level.owner,
          { accessTokenTtl: 45 },
          { before: STORED, actor: 'admin:b', at: T + 1 },
        );
        const [first, second] = await Promise.allSettled([
          level.write(shared.repos, mine),
          level.write(shared.peer, theirs),
        ]);
        const outcomes = [first, second].map((settled) =>
          settled.status === 'fulfilled' ? 'stored' : (settled.reason as Error).message,
        );
        expect(outcomes.sort()).toEqual(['stored', level.refused].sort());
        const winner = first.status === 'fulfilled' ? mine : theirs;
        expect(await snapshot(shared.repos, level)).toEqual({
          policy: winner.after,
          policyVersion: before.policyVersion + 1,
          configVersion: before.configVersion + 1,
          history: [{ ...winner, version: before.policyVersion + 1 }, ...before.history],
        });
      }
    } finally {
      await shared.close();
    }
  });
});
