/** Contract: users and their external identities, login sessions, pending interactions. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Conflict } from '../../src/domain/errors.ts';
import type { Repositories } from '../../src/storage/sql/repositories.ts';
import { type SqlStore, sqlBackends } from './backends.ts';
import { grant, interaction, session, T, tenant, user } from './fixtures.ts';

const GOOGLE = { tenantId: 'acme', issuer: 'https://accounts.google.com', subject: 'g-123' };

describe.each(sqlBackends)('users ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
    await repos.tenants.insert(tenant('acme'));
    await repos.tenants.insert(tenant('globex'));
  });
  afterEach(() => store.close());

  it('insert, get and findByUsername: stored as given', async () => {
    const alice = user('alice', 'acme', {
      subjectClass: 'admin',
      validUntil: T + 1000,
      accessNotBefore: T - 1,
    });
    await repos.users.insert(alice);
    expect(await repos.users.get('alice')).toEqual(alice);
    expect(await repos.users.findByUsername('acme', 'alice')).toEqual(alice);
    expect(await repos.users.findByUsername('globex', 'alice')).toBeUndefined();
    expect(await repos.users.get('nobody')).toBeUndefined();
  });

  it('a username is unique within its tenant (Conflict), not across tenants', async () => {
    await repos.users.insert(user('u1', 'acme', { username: 'alice' }));
    await expect(repos.users.insert(user('u2', 'acme', { username: 'alice' }))).rejects.toBeInstanceOf(
      Conflict,
    );
    expect(await repos.users.get('u2')).toBeUndefined();
    await repos.users.insert(user('u3', 'globex', { username: 'alice' }));
    expect((await repos.users.findByUsername('globex', 'alice'))?.id).toBe('u3');
    expect((await repos.users.findByUsername('acme', 'alice'))?.id).toBe('u1');
  });

  it('a duplicate id is a Conflict; a missing tenant is a Conflict', async () => {
    await repos.users.insert(user('u1', 'acme'));
    await expect(repos.users.insert(user('u1', 'acme', { username: 'other' }))).rejects.toBeInstanceOf(
      Conflict,
    );
    await expect(repos.users.insert(user('u2', 'nobody'))).rejects.toBeInstanceOf(Conflict);
    expect(await repos.users.get('u2')).toBeUndefined();
  });

  it('several users of one tenant may have no username', async () => {
    const anonymous = (id: string) =>
      user(id, 'acme', { username: null, passwordHash: null, subjectClass: 'anonymous' });
    await repos.users.insert(anonymous('anon-1'));
    await repos.users.insert(anonymous('anon-2'));
    await repos.users.insert(anonymous('anon-3'));
    expect(await repos.users.get('anon-2')).toEqual(anonymous('anon-2'));
    expect((await repos.users.list({ limit: 10, tenantId: 'acme' })).map((u) => u.id)).toEqual([
      'anon-1',
      'anon-2',
      'anon-3',
    ]);
  });

  it('external identities: inserted with the user or linked later; one identity belongs to one user (Conflict)', async () => {
    await repos.users.insert(user('alice', 'acme', { username: null, passwordHash: null }), GOOGLE);
    expect((await repos.users.findByExternalIdentity(GOOGLE))?.id).toBe('alice');
    expect(await repos.users.findByExternalIdentity({ ...GOOGLE, tenantId: 'globex' })).toBeUndefined();
    expect(await repos.users.findByExternalIdentity({ ...GOOGLE, subject: 'g-999' })).toBeUndefined();

    await repos.users.insert(user('bob', 'acme'));
    const github = { tenantId: 'acme', issuer: 'https://github.com', subject: '42' };
    await repos.users.linkExternalIdentity('bob', github, T + 1);
    expect((await repos.users.findByExternalIdentity(github))?.id).toBe('bob');
    await expect(repos.users.linkExternalIdentity('bob', GOOGLE, T + 2)).rejects.toBeInstanceOf(Conflict);
    expect((await repos.users.findByExternalIdentity(GOOGLE))?.id).toBe('alice');
  });

  it('insert with an identity already linked is a Conflict and stores no user', async () => {
    await repos.users.insert(user('alice', 'acme'), GOOGLE);
    await expect(repos.users.insert(user('mallory', 'acme'), GOOGLE)).rejects.toBeInstanceOf(Conflict);
    expect(await repos.users.get('mallory')).toBeUndefined();
  });

  it('list: ordered by id, paged with after, filtered by tenant', async () => {
    for (const id of ['u3', 'u1', 'u2']) await repos.users.insert(user(id, 'acme'));
    await repos.users.insert(user('u0', 'globex'));
    const ids = async (query: Parameters<Repositories['users']['list']>[0]) =>
      (await repos.users.list(query)).map((u) => u.id);
    expect(await ids({ limit: 10 })).toEqual(['u0', 'u1', 'u2', 'u3']);
    expect(await ids({ limit: 2, after: 'u1' })).toEqual(['u2', 'u3']);
    expect(await ids({ limit: 10, tenantId: 'acme' })).toEqual(['u1', 'u2', 'u3']);
    expect(await ids({ limit: 1, tenantId: 'acme', after: 'u2' })).toEqual(['u3']);
  });

  it('update stores the new fields; taking a used username is a Conflict', async () => {
    await repos.users.insert(user('alice', 'acme'));
    await repos.users.insert(user('bob', 'acme'));
    const renamed = user('alice', 'acme', {
      username: 'alice2',
      passwordHash: 'new-hash',
      profile: { name: 'Alice' },
      policy: { accessTokenTtl: 60 },
      validUntil: T + 5,
      updatedAt: T + 1,
    });
    await repos.users.update(renamed);
    expect(await repos.users.get('alice')).toEqual(renamed);
    expect(await repos.users.findByUsername('acme', 'alice')).toBeUndefined();
    await expect(repos.users.update({ ...renamed, username: 'bob' })).rejects.toBeInstanceOf(Conflict);
    expect((await repos.users.get('alice'))?.username).toBe('alice2');
  });

  it('delete: true once, then false', async () => {
    await repos.users.insert(user('alice', 'acme'), GOOGLE);
    expect(await repos.users.delete('alice')).toBe(true);
    expect(await repos.users.get('alice')).toBeUndefined();
    expect(await repos.users.findByExternalIdentity(GOOGLE)).toBeUndefined();
    expect(await repos.users.delete('alice')).toBe(false);
  });

  it('raiseNotBefore moves access and/or refresh not-before forward, never back', async () => {
    await repos.users.insert(user('alice', 'acme'));
    const notBefores = async () => {
      const found = await repos.users.get('alice');
      return { access: found?.accessNotBefore, refresh: found?.refreshNotBefore };
    };
    await repos.users.raiseNotBefore('alice', { access: true }, T + 10);
    expect(await notBefores()).toEqual({ access: T + 10, refresh: null });
    await repos.users.raiseNotBefore('alice', { refresh: true }, T + 20);
    expect(await notBefores()).toEqual({ access: T + 10, refresh: T + 20 });
    await repos.users.raiseNotBefore('alice', { access: true, refresh: true }, T + 15);
    expect(await notBefores()).toEqual({ access: T + 15, refresh: T + 20 });
    await repos.users.raiseNotBefore('alice', { access: true, refresh: true }, T + 5);
    expect(await notBefores()).toEqual({ access: T + 15, refresh: T + 20 });
    await repos.users.raiseNotBefore('alice', { access: true, refresh: true }, T + 30);
    expect(await notBefores()).toEqual({ access: T + 30, refresh: T + 30 });
    await repos.users.raiseNotBefore('alice', {}, T + 40);
    expect(await notBefores()).toEqual({ access: T + 30, refresh: T + 30 });
    await repos.users.raiseNotBefore('nobody', { access: true }, T);
  });

  it('grantStanding: the grant revocation and creation with its user; undefined for an unknown grant', async () => {
    const alice = user('alice', 'acme');
    await repos.users.insert(alice);
    await repos.grants.insert(grant('g1', { userId: 'alice', createdAt: T + 3 }));
    expect(await repos.users.grantStanding('g1')).toEqual({
      grantRevokedAt: null,
      grantCreatedAt: T + 3,
      user: alice,
    });
    await repos.grants.revoke('g1', T + 9);
    await repos.users.raiseNotBefore('alice', { access: true }, T + 9);
    expect(await repos.users.grantStanding('g1')).toEqual({
      grantRevokedAt: T + 9,
      grantCreatedAt: T + 3,
      user: { ...alice, accessNotBefore: T + 9, updatedAt: expect.any(Number) },
    });
    expect(await repos.users.grantStanding('unknown')).toBeUndefined();
    await repos.users.delete('alice');
    expect((await repos.users.grantStanding('g1'))?.user).toBeUndefined();
  });
});

describe.each(sqlBackends)('sessions ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
  });
  afterEach(() => store.close());

  it('insert, get and findBySecretHash', async () => {
    const s = session('s1', 'alice', 'acme', { authTime: T - 5 });
    await repos.sessions.insert(s);
    expect(await repos.sessions.get('s1')).toEqual(s);
    expect(await repos.sessions.findBySecretHash('session-secret-s1')).toEqual(s);
    expect(await repos.sessions.get('unknown')).toBeUndefined();
    expect(await repos.sessions.findBySecretHash('unknown')).toBeUndefined();
  });

  it('touch records activity', async () => {
    await repos.sessions.insert(session('s1', 'alice', 'acme'));
    await repos.sessions.touch('s1', T + 60);
    expect((await repos.sessions.get('s1'))?.lastActiveAt).toBe(T + 60);
  });

  it('end: true once, then false; endAllOfUser ends and counts the live sessions of that user only', async () => {
    await repos.sessions.insert(session('s1', 'alice', 'acme'));
    await repos.sessions.insert(session('s2', 'alice', 'acme'));
    await repos.sessions.insert(session('s3', 'alice', 'acme'));
    await repos.sessions.insert(session('s4', 'bob', 'acme'));
    expect(await repos.sessions.end('s1', T + 1)).toBe(true);
    expect(await repos.sessions.end('s1', T + 2)).toBe(false);
    expect((await repos.sessions.get('s1'))?.endedAt).toBe(T + 1);
    expect(await repos.sessions.end('unknown', T)).toBe(false);
    expect(await repos.sessions.endAllOfUser('alice', T + 3)).toBe(2);
    expect(await repos.sessions.endAllOfUser('alice', T + 4)).toBe(0);
    expect((await repos.sessions.get('s1'))?.endedAt).toBe(T + 1);
    expect((await repos.sessions.get('s2'))?.endedAt).toBe(T + 3);
    expect((await repos.sessions.get('s4'))?.endedAt).toBeNull();
  });
});

describe.each(sqlBackends)('interactions ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
  });
  afterEach(() => store.close());

  it('insert, get and delete', async () => {
    const login = interaction('i1');
    const device = interaction('i2', {
      kind: 'device',
      clientId: 'tv',
      parameters: { user_code: 'ABCD-EFGH' },
    });
    await repos.interactions.insert(login);
    await repos.interactions.insert(device);
    expect(await repos.interactions.get('i1')).toEqual(login);
    expect(await repos.interactions.get('i2')).toEqual(device);
    await repos.interactions.delete('i1');
    expect(await repos.interactions.get('i1')).toBeUndefined();
    expect(await repos.interactions.get('i2')).toEqual(device);
    await repos.interactions.delete('i1');
  });
});
