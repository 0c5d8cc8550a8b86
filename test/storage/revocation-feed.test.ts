/** Contract: the revocation feed's events, appended with the changes that end tokens, in sequence order. */
import { Migrator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RevocationFeedScope } from '../../src/ports/revocation-feed-repository.ts';
import { migrateToLatest, openDatabase, type SqlDatabase } from '../../src/storage/sql/database.ts';
import { migrationProvider } from '../../src/storage/sql/migrations/index.ts';
import type { Repositories } from '../../src/storage/sql/repositories.ts';
import { sqlRepositories } from '../../src/storage/sql/repositories.ts';
import { type SharedSqlStore, type SqlStore, sqlBackends } from './backends.ts';
import { client, HOUR, signingKey, T, tenant, user } from './fixtures.ts';

const ACME: RevocationFeedScope = { tenantChain: ['acme'] };
const ACME_EU: RevocationFeedScope = { tenantChain: ['acme', 'acme-eu'] };

async function seed(repos: Repositories): Promise<void> {
  await repos.tenants.insert(tenant('acme'));
  await repos.tenants.insert(tenant('acme-eu', { parentId: 'acme' }));
  await repos.clients.insert(client('app', 'acme'));
  await repos.users.insert(user('u1', 'acme'));
}

describe.each(sqlBackends)('revocation feed ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
    await seed(repos);
  });
  afterEach(() => store.close());

  it('appends an event with each change that ends tokens, numbered in order', async () => {
    expect(await repos.revocationFeed.latest()).toBe(0);
    await repos.serviceState.raiseNotBefore({ level: 'service' }, T);
    await repos.serviceState.raiseNotBefore({ level: 'tenant', id: 'acme-eu' }, T + 1);
    await repos.serviceState.raiseNotBefore({ level: 'client', id: 'app' }, T + 2);
    await repos.users.raiseNotBefore('u1', { access: true, refresh: true }, T + 3);
    await repos.users.raiseNotBefore('u1', { refresh: true }, T + 4); // refresh only: nothing for the feed
    await repos.accessTokens.revokeJwt('jti-1', T + HOUR, 'acme');
    await repos.accessTokens.revokeJwt('jti-1', T + HOUR, 'acme'); // already revoked: no event
    await repos.signingKeys.insert(signingKey('k1'));
    await repos.signingKeys.revoke('k1', T + 5);
    await repos.serviceState.raiseNotBefore({ level: 'client', id: 'nobody' }, T + 6); // no such client
    expect(await repos.revocationFeed.latest()).toBe(6);
    expect(await repos.revocationFeed.after(0, ACME, 100)).toEqual([
      { seq: 1, kind: 'service', notBefore: T },
      { seq: 3, kind: 'client', tenantId: 'acme', clientId: 'app', notBefore: T + 2 },
      { seq: 4, kind: 'user', tenantId: 'acme', userId: 'u1', notBefore: T + 3 },
      { seq: 5, kind: 'token', tenantId: 'acme', jti: 'jti-1', expiresAt: T + HOUR },
      { seq: 6, kind: 'key', kid: 'k1', revokedAt: T + 5 },
    ]);
    // the sub-tenant sees its own tenant's not-before and the events of every tenant, not acme's client or user
    expect(await repos.revocationFeed.after(0, ACME_EU, 100)).toEqual([
      { seq: 1, kind: 'service', notBefore: T },
      { seq: 2, kind: 'tenant', tenantId: 'acme-eu', notBefore: T + 1 },
      { seq: 6, kind: 'key', kid: 'k1', revokedAt: T + 5 },
    ]);
    expect(await repos.revocationFeed.after(4, ACME, 1)).toEqual([
      { seq: 5, kind: 'token', tenantId: 'acme', jti: 'jti-1', expiresAt: T + HOUR },
    ]);
  });

  it("in force: each level's latest not-before, and revoked JWTs until they expire", async () => {
    await repos.users.raiseNotBefore('u1', { access: true }, T);
    await repos.users.raiseNotBefore('u1', { access: true }, T + 10);
    await repos.accessTokens.revokeJwt('short', T + 5, 'acme');
    await repos.accessTokens.revokeJwt('long', T + HOUR, 'acme');
    await repos.serviceState.raiseNotBefore({ level: 'tenant', id: 'acme' }, T + 20);
    const latest = await repos.revocationFeed.latest();
    expect(await repos.revocationFeed.inForce(latest, ACME, T + 5)).toEqual([
      { seq: 2, kind: 'user', tenantId: 'acme', userId: 'u1', notBefore: T + 10 },
      { seq: 4, kind: 'token', tenantId: 'acme', jti: 'long', expiresAt: T + HOUR },
      { seq: 5, kind: 'tenant', tenantId: 'acme', notBefore: T + 20 },
    ]);
    // as of an earlier cursor, later events are not in force yet
    expect(await repos.revocationFeed.inForce(1, ACME, T)).toEqual([
      { seq: 1, kind: 'user', tenantId: 'acme', userId: 'u1', notBefore: T },
    ]);
  });
});

describe.each(sqlBackends)('revocation feed, two instances writing at once ($name)', (backend) => {
  let store: SharedSqlStore;
  afterEach(() => store.close());

  it('numbers every event once, with no gap, whichever instance wrote it', async () => {
    store = await backend.openShared();
    await seed(store.repos);
    const writes = Array.from({ length: 20 }, (_, n) =>
      (n % 2 === 0 ? store.repos : store.peer).users.raiseNotBefore('u1', { access: true }, T + n),
    );
    await Promise.all(writes);
    const events = await store.repos.revocationFeed.after(0, ACME, 100);
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
    expect(await store.peer.revocationFeed.latest()).toBe(20);
  });
});

describe('0008-revocation-feed (SQLite)', () => {
  let database: SqlDatabase | undefined;
  afterEach(() => database?.close());

  it('publishes what was revoked before the feed existed as its first events', async () => {
    database = openDatabase('sqlite::memory:');
    const migrator = new Migrator({ db: database.db, provider: migrationProvider });
    expect((await migrator.migrateTo('0007-issuance-counts')).error).toBeUndefined();
    const before = sqlRepositories(database);
    await seed(before);
    const db = database.db;
    await db.updateTable('service_state').set({ not_before: T }).execute();
    await db
      .updateTable('tenants')
      .set({ not_before: T + 1 })
      .where('id', '=', 'acme-eu')
      .execute();
    await db
      .updateTable('users')
      .set({ access_not_before: T + 2 })
      .where('id', '=', 'u1')
      .execute();
    await db
      .insertInto('revoked_jwts')
      .values({ jti: 'old-jwt', expires_at: T + HOUR })
      .execute();

    expect(await migrateToLatest(db, 'sqlite')).toEqual(['0008-revocation-feed']);
    const after = sqlRepositories(database);
    expect(await after.revocationFeed.latest()).toBe(4);
    expect(await after.revocationFeed.after(0, ACME_EU, 100)).toEqual([
      { seq: 1, kind: 'service', notBefore: T },
      { seq: 2, kind: 'tenant', tenantId: 'acme-eu', notBefore: T + 1 },
      { seq: 4, kind: 'token', tenantId: null, jti: 'old-jwt', expiresAt: T + HOUR },
    ]);
    // the next event continues the sequence
    await after.serviceState.raiseNotBefore({ level: 'service' }, T + 3);
    expect(await after.revocationFeed.latest()).toBe(5);
  });
});
