/**
 * Contract: what the console's user pages read — users by username prefix, a user's live login sessions and
 * refresh-token families, and the device records of a username's lockout.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LockoutRepository, LockoutRule } from '../../src/ports/lockout-repository.ts';
import type { LiveSessionFilter } from '../../src/ports/session-repository.ts';
import type { Repositories } from '../../src/storage/sql/repositories.ts';
import { type LockoutStore, lockoutBackends, type SqlStore, sqlBackends } from './backends.ts';
import { grant, HOUR, MINUTE, refreshToken, session, T, tenant, user } from './fixtures.ts';

describe.each(sqlBackends)('users by username prefix ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
    await repos.tenants.insert(tenant('acme'));
    await repos.tenants.insert(tenant('globex'));
    const names: Array<[id: string, tenantId: string, username: string | null]> = [
      ['u1', 'acme', 'alice'],
      ['u2', 'acme', 'Alicia'],
      ['u3', 'acme', 'ALBERT'],
      ['u4', 'acme', 'bob'],
      ['u5', 'acme', 'al_x'],
      ['u6', 'acme', 'al%y'],
      ['u7', 'acme', 'al\\z'],
      ['u8', 'acme', null],
      ['u9', 'globex', 'alina'],
    ];
    for (const [id, tenantId, username] of names) {
      await repos.users.insert(
        user(id, tenantId, { username, subjectClass: username ? 'user' : 'anonymous' }),
      );
    }
  });
  afterEach(() => store.close());

  const ids = async (query: Parameters<Repositories['users']['list']>[0]) =>
    (await repos.users.list(query)).map((u) => u.id);

  it('matches the beginning of the username, ignoring ASCII case, across tenants unless one is named', async () => {
    expect(await ids({ limit: 100, usernamePrefix: 'ali' })).toEqual(['u1', 'u2', 'u9']);
    expect(await ids({ limit: 100, usernamePrefix: 'ALI' })).toEqual(['u1', 'u2', 'u9']);
    expect(await ids({ limit: 100, usernamePrefix: 'al', tenantId: 'acme' })).toEqual([
      'u1',
      'u2',
      'u3',
      'u5',
      'u6',
      'u7',
    ]);
    expect(await ids({ limit: 100, usernamePrefix: 'al', tenantIds: ['globex'] })).toEqual(['u9']);
    expect(await ids({ limit: 100, usernamePrefix: 'lice' })).toEqual([]);
    expect(await ids({ limit: 100, usernamePrefix: 'alice' })).toEqual(['u1']);
  });

  it('takes %, _ and \\ in the prefix literally', async () => {
    expect(await ids({ limit: 100, usernamePrefix: 'al_' })).toEqual(['u5']);
    expect(await ids({ limit: 100, usernamePrefix: 'al%' })).toEqual(['u6']);
    expect(await ids({ limit: 100, usernamePrefix: 'al\\' })).toEqual(['u7']);
    expect(await ids({ limit: 100, usernamePrefix: '%' })).toEqual([]);
  });

  it('pages by id within the matches', async () => {
    expect(await ids({ limit: 2, usernamePrefix: 'al', tenantId: 'acme' })).toEqual(['u1', 'u2']);
    expect(await ids({ limit: 2, usernamePrefix: 'al', tenantId: 'acme', after: 'u2' })).toEqual([
      'u3',
      'u5',
    ]);
    expect(await ids({ limit: 2, usernamePrefix: 'al', tenantId: 'acme', after: 'u5' })).toEqual([
      'u6',
      'u7',
    ]);
    expect(await ids({ limit: 2, usernamePrefix: 'al', tenantId: 'acme', after: 'u7' })).toEqual([]);
  });
});

describe.each(sqlBackends)("a user's live sessions and refresh families ($name)", (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
  });
  afterEach(() => store.close());

  const NO_FILTER: LiveSessionFilter = { activeAfter: null, authenticatedAfter: null };

  it('sessions: the unended ones of the user, filtered by last activity and login time, paged by id', async () => {
    await repos.sessions.insert(session('s1', 'alice', 'acme', { authTime: T, lastActiveAt: T + 10 }));
    await repos.sessions.insert(session('s2', 'alice', 'acme', { authTime: T + 5, lastActiveAt: T + 5 }));
    await repos.sessions.insert(session('s3', 'alice', 'acme', { authTime: T + 20, lastActiveAt: T + 30 }));
    await repos.sessions.insert(session('s4', 'alice', 'acme', { endedAt: T + 1 }));
    await repos.sessions.insert(session('s5', 'bob', 'acme'));
    const listed = async (filter: LiveSessionFilter, limit = 10, after?: string) =>
      (
        await repos.sessions.listLiveOfUser('alice', filter, { limit, ...(after !== undefined && { after }) })
      ).map((s) => s.id);

    expect(await listed(NO_FILTER)).toEqual(['s1', 's2', 's3']);
    expect(await repos.sessions.listLiveOfUser('alice', NO_FILTER, { limit: 1 })).toEqual([
      session('s1', 'alice', 'acme', { authTime: T, lastActiveAt: T + 10 }),
    ]);
    // strictly after: a session idle exactly up to the instant has ended
    expect(await listed({ activeAfter: T + 5, authenticatedAfter: null })).toEqual(['s1', 's3']);
    expect(await listed({ activeAfter: null, authenticatedAfter: T + 5 })).toEqual(['s3']);
    expect(await listed({ activeAfter: T + 10, authenticatedAfter: T })).toEqual(['s3']);
    expect(await listed(NO_FILTER, 2)).toEqual(['s1', 's2']);
    expect(await listed(NO_FILTER, 2, 's2')).toEqual(['s3']);
  });

  it('families: unrevoked grants within their absolute end, with their current unexpired token', async () => {
    const at = T + HOUR;
    // g1 rotated once: r2 is its current token
    await repos.grants.insert(grant('g1', { sessionId: 's1' }), refreshToken('r1', 'g1'));
    const successor = refreshToken('r2', 'g1', { issuedAt: T + MINUTE, expiresAt: T + 2 * HOUR });
    expect(await repos.grants.rotate('r1', successor, null, T + MINUTE)).toEqual({ kind: 'rotated' });
    await repos.grants.insert(
      grant('g2', { absoluteExpiresAt: null }),
      refreshToken('r3', 'g2', { expiresAt: null }),
    );
    await repos.grants.insert(grant('g3', { revokedAt: T + 1 }), refreshToken('r4', 'g3'));
    await repos.grants.insert(grant('g4', { absoluteExpiresAt: at }), refreshToken('r5', 'g4'));
    await repos.grants.insert(grant('g5'), refreshToken('r6', 'g5', { expiresAt: at }));
    await repos.grants.insert(grant('g6'));
    await repos.grants.insert(grant('g7', { userId: 'bob' }), refreshToken('r7', 'g7'));

    expect(await repos.grants.listLiveFamiliesOfUser('alice', at, { limit: 10 })).toEqual([
      {
        grant: grant('g1', { sessionId: 's1' }),
        currentToken: { issuedAt: T + MINUTE, expiresAt: T + 2 * HOUR },
      },
      { grant: grant('g2', { absoluteExpiresAt: null }), currentToken: { issuedAt: T, expiresAt: null } },
    ]);
    const page = async (limit: number, after?: string) =>
      (
        await repos.grants.listLiveFamiliesOfUser('alice', at, {
          limit,
          ...(after !== undefined && { after }),
        })
      ).map((f) => f.grant.id);
    expect(await page(1)).toEqual(['g1']);
    expect(await page(1, 'g1')).toEqual(['g2']);
    expect(await page(1, 'g2')).toEqual([]);
    // one millisecond earlier, g4 and g5 are still alive
    expect(
      (await repos.grants.listLiveFamiliesOfUser('alice', at - 1, { limit: 10 })).map((f) => f.grant.id),
    ).toEqual(['g1', 'g2', 'g4', 'g5']);
  });
});

const RULE: LockoutRule = {
  deviceMaxFailures: 3,
  deviceFailureWindow: 10 * MINUTE,
  deviceLockDuration: 15 * MINUTE,
  userMaxDeviceLocks: 2,
  userDeviceLockWindow: 60 * MINUTE,
  userLockDuration: 120 * MINUTE,
};

describe.each(lockoutBackends)('the device records of a username ($name)', (backend) => {
  let store: LockoutStore;
  let lockouts: LockoutRepository;
  beforeEach(async () => {
    store = await backend.open();
    lockouts = store.lockouts;
  });
  afterEach(() => store.close());

  const byId = <R extends { deviceId: string }>(records: R[]) =>
    [...records].sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1));

  it('none before any failure', async () => {
    expect(await lockouts.devices('acme', 'alice')).toEqual([]);
  });

  it("each device's failures, window and lock, as the counters hold them; only this tenant's username", async () => {
    await lockouts.recordFailure('acme', 'alice', 'phone-a', T, RULE);
    await lockouts.recordFailure('acme', 'alice', 'phone-a', T + 1, RULE);
    for (const at of [T + 2, T + 3, T + 4])
      await lockouts.recordFailure('acme', 'alice', '198.51.100.7', at, RULE);
    await lockouts.recordFailure('acme', 'bob', 'phone-a', T, RULE);
    await lockouts.recordFailure('globex', 'alice', 'phone-a', T, RULE);

    expect(byId(await lockouts.devices('acme', 'alice'))).toEqual([
      { deviceId: '198.51.100.7', failures: 0, windowStartedAt: null, lockedAt: T + 4 },
      { deviceId: 'phone-a', failures: 2, windowStartedAt: T, lockedAt: null },
    ]);
    // the other instance reads the same
    expect(byId(await store.other.devices('acme', 'alice'))).toEqual(
      byId(await lockouts.devices('acme', 'alice')),
    );
  });

  it('a success resets the failures (the record stays); an unlock removes every record of the username', async () => {
    await lockouts.recordFailure('acme', 'alice', 'phone-a', T, RULE);
    await lockouts.recordFailure('acme', 'alice', 'phone-b', T, RULE);
    await lockouts.clearFailures('acme', 'alice', 'phone-a');
    expect(byId(await lockouts.devices('acme', 'alice'))).toEqual([
      { deviceId: 'phone-a', failures: 0, windowStartedAt: null, lockedAt: null },
      { deviceId: 'phone-b', failures: 1, windowStartedAt: T, lockedAt: null },
    ]);
    await lockouts.recordFailure('acme', 'bob', 'phone-a', T, RULE);
    await lockouts.unlockUser('acme', 'alice');
    expect(await lockouts.devices('acme', 'alice')).toEqual([]);
    expect(await lockouts.devices('acme', 'bob')).toHaveLength(1);
  });
});
