/** Contract: opaque access tokens and revoked JWT ids; grants and their refresh-token families. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RotationOutcome } from '../../src/ports/grant-repository.ts';
import type { Repositories } from '../../src/storage/sql/repositories.ts';
import { type SharedSqlStore, type SqlStore, sqlBackends } from './backends.ts';
import { accessToken, burst, grant, HOUR, refreshToken, T, tally, tenant, user } from './fixtures.ts';

describe.each(sqlBackends)('access tokens ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
  });
  afterEach(() => store.close());

  it('insert and findById: stored as given; unknown is undefined', async () => {
    const service = accessToken('h-service');
    const users = accessToken('h-user', {
      grantId: 'g1',
      subject: 'alice',
      subjectClass: 'user',
      scope: 'openid profile',
      policyVersion: 7,
    });
    await repos.accessTokens.insert(service);
    await repos.accessTokens.insert(users);
    expect(await repos.accessTokens.findById('h-service')).toEqual(service);
    expect(await repos.accessTokens.findById('h-user')).toEqual(users);
    expect(await repos.accessTokens.findById('h-unknown')).toBeUndefined();
  });

  it('revokeById: true once for a live token, then false; false for an unknown token', async () => {
    await repos.accessTokens.insert(accessToken('h'));
    expect(await repos.accessTokens.revokeById('h', T + 10)).toBe(true);
    expect((await repos.accessTokens.findById('h'))?.revokedAt).toBe(T + 10);
    expect(await repos.accessTokens.revokeById('h', T + 20)).toBe(false);
    expect((await repos.accessTokens.findById('h'))?.revokedAt).toBe(T + 10);
    expect(await repos.accessTokens.revokeById('h-unknown', T)).toBe(false);
  });

  it('revokeJwt records the id (again: no error); isJwtRevoked tells it', async () => {
    expect(await repos.accessTokens.isJwtRevoked('jti-1')).toBe(false);
    await repos.accessTokens.revokeJwt('jti-1', T + HOUR, 'acme');
    await repos.accessTokens.revokeJwt('jti-1', T + HOUR, 'acme');
    expect(await repos.accessTokens.isJwtRevoked('jti-1')).toBe(true);
    expect(await repos.accessTokens.isJwtRevoked('jti-2')).toBe(false);
  });

  it('deleteExpired removes tokens that expired before now, at most limit, and returns how many', async () => {
    for (const [id, expiresAt] of [
      ['e1', T - 3],
      ['e2', T - 2],
      ['e3', T - 1],
      ['now', T],
      ['live', T + 1],
    ] as const) {
      await repos.accessTokens.insert(accessToken(id, { expiresAt }));
    }
    expect(await repos.accessTokens.deleteExpired(T, 2)).toBe(2);
    const left = async () => {
      const found = await Promise.all(
        ['e1', 'e2', 'e3', 'now', 'live'].map((h) => repos.accessTokens.findById(h)),
      );
      return found.filter((token) => token !== undefined).map((token) => token.id);
    };
    expect((await left()).filter((id) => id.startsWith('e'))).toHaveLength(1);
    expect(await repos.accessTokens.deleteExpired(T, 2)).toBe(1);
    expect(await left()).toEqual(['now', 'live']);
    expect(await repos.accessTokens.deleteExpired(T, 2)).toBe(0);
  });

  it('deleteExpired removes JWT revocation records that expired before now, at most limit', async () => {
    await repos.accessTokens.revokeJwt('old-1', T - 2, 'acme');
    await repos.accessTokens.revokeJwt('old-2', T - 1, 'acme');
    await repos.accessTokens.revokeJwt('old-3', T - 1, 'acme');
    await repos.accessTokens.revokeJwt('current', T + HOUR, 'acme');
    expect(await repos.accessTokens.deleteExpired(T, 2)).toBe(2);
    expect(await repos.accessTokens.deleteExpired(T, 2)).toBe(1);
    expect(await repos.accessTokens.deleteExpired(T, 2)).toBe(0);
    for (const jti of ['old-1', 'old-2', 'old-3'])
      expect(await repos.accessTokens.isJwtRevoked(jti)).toBe(false);
    expect(await repos.accessTokens.isJwtRevoked('current')).toBe(true);
  });

  it('deleteExpired counts tokens and revocation records together', async () => {
    await repos.accessTokens.insert(accessToken('expired', { expiresAt: T - 1 }));
    await repos.accessTokens.revokeJwt('expired-jti', T - 1, 'acme');
    expect(await repos.accessTokens.deleteExpired(T, 10)).toBe(2);
    expect(await repos.accessTokens.findById('expired')).toBeUndefined();
    expect(await repos.accessTokens.isJwtRevoked('expired-jti')).toBe(false);
  });
});

describe.each(sqlBackends)('grants ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
  });
  afterEach(() => store.close());

  it('insert with a first refresh token: get, and findRefreshToken gives the token with its grant', async () => {
    const g = grant('g1', { sessionId: 's1', signingKid: 'kid-1', absoluteExpiresAt: null });
    const token = refreshToken('r1', 'g1', { expiresAt: null });
    await repos.grants.insert(g, token);
    expect(await repos.grants.get('g1')).toEqual(g);
    expect(await repos.grants.findRefreshToken('r1')).toEqual({ token, grant: g });
    expect(await repos.grants.get('unknown')).toBeUndefined();
    expect(await repos.grants.findRefreshToken('unknown')).toBeUndefined();
  });

  it("findRefreshToken reads the grant's user with the token, and undefined once the user is deleted", async () => {
    await repos.tenants.insert(tenant('acme'));
    const alice = user('alice', 'acme', { validUntil: T + HOUR, refreshNotBefore: T - 5, policy: {} });
    await repos.users.insert(alice);
    const token = refreshToken('r1', 'g1');
    await repos.grants.insert(grant('g1'), token);
    expect(await repos.grants.findRefreshToken('r1')).toStrictEqual({
      token,
      grant: grant('g1'),
      user: alice,
    });
    await repos.users.delete('alice');
    expect(await repos.grants.findRefreshToken('r1')).toStrictEqual({
      token,
      grant: grant('g1'),
      user: undefined,
    });
  });

  it('rotate stores the access token given with the successor, only when it rotated', async () => {
    await repos.grants.insert(grant('g1'), refreshToken('r1', 'g1'));
    const issued = accessToken('a-won', { grantId: 'g1', subject: 'alice', subjectClass: 'user' });
    const lost = accessToken('a-lost', { grantId: 'g1', subject: 'alice', subjectClass: 'user' });
    expect(await repos.grants.rotate('r1', refreshToken('r2', 'g1'), null, T + 10, issued)).toEqual({
      kind: 'rotated',
    });
    expect(await repos.grants.rotate('r1', refreshToken('r3', 'g1'), null, T + 20, lost)).toEqual({
      kind: 'already-rotated',
      rotatedAt: T + 10,
      successorBox: null,
    });
    expect(await repos.accessTokens.findById('a-won')).toStrictEqual(issued);
    expect(await repos.accessTokens.findById('a-lost')).toBeUndefined();
  });

  it('insert without a refresh token stores the grant alone', async () => {
    await repos.grants.insert(grant('g1', { subjectClass: 'admin' }));
    expect(await repos.grants.get('g1')).toEqual(grant('g1', { subjectClass: 'admin' }));
  });

  it('rotate: retires the old token with the successor box and stores the successor; a second rotate is already-rotated', async () => {
    await repos.grants.insert(grant('g1'), refreshToken('r1', 'g1'));
    const successor = refreshToken('r2', 'g1', { issuedAt: T + 10, expiresAt: T + 10 + HOUR });
    expect(await repos.grants.rotate('r1', successor, 'box-2', T + 10)).toEqual({ kind: 'rotated' });
    expect(await repos.grants.findRefreshToken('r1')).toEqual({
      token: refreshToken('r1', 'g1', { rotatedAt: T + 10, successorBox: 'box-2' }),
      grant: grant('g1'),
    });
    expect((await repos.grants.findRefreshToken('r2'))?.token).toEqual(successor);
    const again = await repos.grants.rotate('r1', refreshToken('r3', 'g1'), 'box-3', T + 20);
    expect(again).toEqual({ kind: 'already-rotated', rotatedAt: T + 10, successorBox: 'box-2' });
    expect(await repos.grants.findRefreshToken('r3')).toBeUndefined();
    // the successor rotates in turn
    expect(await repos.grants.rotate('r2', refreshToken('r4', 'g1'), 'box-4', T + 30)).toEqual({
      kind: 'rotated',
    });
  });

  it('rotations asked in one turn commit together: each token rotates once, in any order, with or without a box', async () => {
    await repos.grants.insert(grant('g1'), refreshToken('r1', 'g1'));
    await repos.grants.insert(grant('g2'), refreshToken('r2', 'g2'));
    const outcomes = await Promise.all([
      repos.grants.rotate('r2', refreshToken('r2-a', 'g2'), null, T + 1),
      repos.grants.rotate('r1', refreshToken('r1-a', 'g1'), 'box-a', T + 2),
      repos.grants.rotate('r1', refreshToken('r1-b', 'g1'), 'box-b', T + 3),
    ]);
    expect(outcomes).toEqual([
      { kind: 'rotated' },
      { kind: 'rotated' },
      { kind: 'already-rotated', rotatedAt: T + 2, successorBox: 'box-a' },
    ]);
    expect((await repos.grants.findRefreshToken('r2'))?.token).toEqual(
      refreshToken('r2', 'g2', { rotatedAt: T + 1, successorBox: null }),
    );
    expect((await repos.grants.findRefreshToken('r2-a'))?.token).toEqual(refreshToken('r2-a', 'g2'));
    expect((await repos.grants.findRefreshToken('r1-a'))?.token).toEqual(refreshToken('r1-a', 'g1'));
    expect(await repos.grants.findRefreshToken('r1-b')).toBeUndefined();
  });

  it('extend slides a token expiry, to null too', async () => {
    await repos.grants.insert(grant('g1'), refreshToken('r1', 'g1'));
    await repos.grants.extend('r1', T + 5 * HOUR);
    expect((await repos.grants.findRefreshToken('r1'))?.token.expiresAt).toBe(T + 5 * HOUR);
    await repos.grants.extend('r1', null);
    expect((await repos.grants.findRefreshToken('r1'))?.token.expiresAt).toBeNull();
  });

  it('revoke: true once, then false; false for an unknown grant; the token lookup shows the revocation', async () => {
    await repos.grants.insert(grant('g1'), refreshToken('r1', 'g1'));
    expect(await repos.grants.revoke('g1', T + 5)).toBe(true);
    expect(await repos.grants.revoke('g1', T + 6)).toBe(false);
    expect(await repos.grants.revoke('unknown', T)).toBe(false);
    expect((await repos.grants.get('g1'))?.revokedAt).toBe(T + 5);
    expect((await repos.grants.findRefreshToken('r1'))?.grant.revokedAt).toBe(T + 5);
  });

  it('revokeAllOfSession and revokeAllOfUser: revoke the live grants of that session or user and count them', async () => {
    await repos.grants.insert(grant('a1', { userId: 'alice', sessionId: 's1' }));
    await repos.grants.insert(grant('a2', { userId: 'alice', sessionId: 's1' }));
    await repos.grants.insert(grant('a3', { userId: 'alice', sessionId: 's2' }));
    await repos.grants.insert(grant('a4', { userId: 'alice', sessionId: null, revokedAt: T - 1 }));
    await repos.grants.insert(grant('a5', { userId: 'alice', sessionId: null }));
    await repos.grants.insert(grant('b1', { userId: 'bob', sessionId: 's3' }));
    await repos.grants.revoke('a2', T);
    expect(await repos.grants.revokeAllOfSession('s1', T + 1)).toBe(1);
    expect(await repos.grants.revokeAllOfSession('s1', T + 2)).toBe(0);
    expect((await repos.grants.get('a1'))?.revokedAt).toBe(T + 1);
    expect((await repos.grants.get('a2'))?.revokedAt).toBe(T);
    expect((await repos.grants.get('a3'))?.revokedAt).toBeNull();
    expect(await repos.grants.revokeAllOfUser('alice', T + 3)).toBe(2);
    expect(await repos.grants.revokeAllOfUser('alice', T + 4)).toBe(0);
    expect((await repos.grants.get('a3'))?.revokedAt).toBe(T + 3);
    expect((await repos.grants.get('a4'))?.revokedAt).toBe(T - 1);
    expect((await repos.grants.get('a5'))?.revokedAt).toBe(T + 3);
    expect((await repos.grants.get('b1'))?.revokedAt).toBeNull();
  });

  it('recordSigningKey and revokeAllSignedWith: the families whose latest access token the key signed end', async () => {
    for (const id of ['g1', 'g2', 'g3', 'g4']) await repos.grants.insert(grant(id));
    await repos.grants.recordSigningKey('g1', 'old');
    await repos.grants.recordSigningKey('g2', 'old');
    await repos.grants.recordSigningKey('g3', 'old');
    await repos.grants.recordSigningKey('g3', 'new');
    await repos.grants.recordSigningKey('g4', 'old');
    await repos.grants.revoke('g4', T);
    expect((await repos.grants.get('g3'))?.signingKid).toBe('new');
    expect(await repos.grants.revokeAllSignedWith('old', T + 1)).toBe(2);
    expect(await repos.grants.revokeAllSignedWith('old', T + 2)).toBe(0);
    expect((await repos.grants.get('g1'))?.revokedAt).toBe(T + 1);
    expect((await repos.grants.get('g2'))?.revokedAt).toBe(T + 1);
    expect((await repos.grants.get('g3'))?.revokedAt).toBeNull();
    expect((await repos.grants.get('g4'))?.revokedAt).toBe(T);
    expect(await repos.grants.revokeAllSignedWith('unknown', T)).toBe(0);
  });
});

describe.each(sqlBackends)('refresh-token rotation under concurrency ($name)', (backend) => {
  let store: SharedSqlStore;
  beforeEach(async () => {
    store = await backend.openShared();
  });
  afterEach(() => store.close());

  it('20 concurrent rotations of one token from two connections: exactly one rotates; the others get its successor box', async () => {
    await store.repos.grants.insert(grant('g1'), refreshToken('r0', 'g1'));
    const outcomes: RotationOutcome[] = await burst(20, [store.repos, store.peer], (repos, i) =>
      repos.grants.rotate('r0', refreshToken(`r0-next-${i}`, 'g1', { issuedAt: T + i }), `box-${i}`, T + i),
    );
    expect(tally(outcomes, (outcome) => outcome.kind)).toEqual({ rotated: 1, 'already-rotated': 19 });
    const winner = outcomes.findIndex((outcome) => outcome.kind === 'rotated');
    for (const outcome of outcomes) {
      if (outcome.kind === 'already-rotated') {
        expect(outcome).toEqual({
          kind: 'already-rotated',
          rotatedAt: T + winner,
          successorBox: `box-${winner}`,
        });
      }
    }
    const successors = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.repos.grants.findRefreshToken(`r0-next-${i}`)),
    );
    expect(successors.flatMap((found, i) => (found ? [i] : []))).toEqual([winner]);
    expect((await store.repos.grants.findRefreshToken('r0'))?.token).toMatchObject({
      rotatedAt: T + winner,
      successorBox: `box-${winner}`,
    });
  });
});
