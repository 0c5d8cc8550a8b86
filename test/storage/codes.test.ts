/** Contract: authorization codes (single use) and device codes (polling, decision, single use). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Repositories } from '../../src/storage/sql/repositories.ts';
import { type SharedSqlStore, type SqlStore, sqlBackends } from './backends.ts';
import { authorizationCode, burst, deviceAuthorization, SECOND, T, tally } from './fixtures.ts';

describe.each(sqlBackends)('authorization codes ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
  });
  afterEach(() => store.close());

  it('insert and find: stored as given; unknown is undefined', async () => {
    const code = authorizationCode('c1');
    const bare = authorizationCode('c2', { nonce: null, codeChallenge: null });
    await repos.authorizationCodes.insert(code);
    await repos.authorizationCodes.insert(bare);
    expect(await repos.authorizationCodes.find('c1')).toEqual(code);
    expect(await repos.authorizationCodes.find('c2')).toEqual(bare);
    expect(await repos.authorizationCodes.find('unknown')).toBeUndefined();
  });

  it('consume returns the code once, marked consumed; then undefined; find still shows it', async () => {
    await repos.authorizationCodes.insert(authorizationCode('c1'));
    expect(await repos.authorizationCodes.consume('c1', T + 5)).toEqual(
      authorizationCode('c1', { consumedAt: T + 5 }),
    );
    expect(await repos.authorizationCodes.consume('c1', T + 6)).toBeUndefined();
    expect(await repos.authorizationCodes.find('c1')).toEqual(authorizationCode('c1', { consumedAt: T + 5 }));
    expect(await repos.authorizationCodes.consume('unknown', T)).toBeUndefined();
  });

  it('attachGrant records the grant the exchange created', async () => {
    await repos.authorizationCodes.insert(authorizationCode('c1'));
    await repos.authorizationCodes.consume('c1', T + 5);
    await repos.authorizationCodes.attachGrant('c1', 'g1');
    expect(await repos.authorizationCodes.find('c1')).toEqual(
      authorizationCode('c1', { consumedAt: T + 5, grantId: 'g1' }),
    );
  });
});

describe.each(sqlBackends)('device codes ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
    await repos.deviceCodes.insert(deviceAuthorization('d1', 'ABCD-EFGH'));
  });
  afterEach(() => store.close());

  it('insert and findByUserCode: stored as given; unknown is undefined', async () => {
    expect(await repos.deviceCodes.findByUserCode('ABCD-EFGH')).toEqual(
      deviceAuthorization('d1', 'ABCD-EFGH'),
    );
    expect(await repos.deviceCodes.findByUserCode('ZZZZ-ZZZZ')).toBeUndefined();
  });

  it('poll: unknown code; the first poll passes; one before the interval is too-fast and adds 5 s to the interval', async () => {
    expect(await repos.deviceCodes.poll('unknown', T)).toEqual({ kind: 'unknown' });
    const polled = (at: number, intervalSeconds: number) =>
      deviceAuthorization('d1', 'ABCD-EFGH', { lastPolledAt: at, intervalSeconds });
    expect(await repos.deviceCodes.poll('d1', T)).toEqual({ kind: 'polled', authorization: polled(T, 5) });
    // exactly the interval later: passes
    expect(await repos.deviceCodes.poll('d1', T + 5 * SECOND)).toEqual({
      kind: 'polled',
      authorization: polled(T + 5 * SECOND, 5),
    });
    // 1 ms short of it: slow_down, the interval is now 10 s
    const early = T + 10 * SECOND - 1;
    expect(await repos.deviceCodes.poll('d1', early)).toEqual({
      kind: 'too-fast',
      authorization: polled(early, 10),
    });
    expect(await repos.deviceCodes.findByUserCode('ABCD-EFGH')).toEqual(polled(early, 10));
    // again too fast: 15 s
    expect(await repos.deviceCodes.poll('d1', early + 9 * SECOND)).toEqual({
      kind: 'too-fast',
      authorization: polled(early + 9 * SECOND, 15),
    });
    // the grown interval is the one that counts now
    expect((await repos.deviceCodes.poll('d1', early + 9 * SECOND + 14 * SECOND)).kind).toBe('too-fast');
    const last = early + 9 * SECOND + 14 * SECOND;
    expect(await repos.deviceCodes.poll('d1', last + 20 * SECOND)).toEqual({
      kind: 'polled',
      authorization: polled(last + 20 * SECOND, 20),
    });
  });

  it('decide: pending becomes approved (with the user) or denied, once', async () => {
    await repos.deviceCodes.insert(deviceAuthorization('d2', 'IJKL-MNOP'));
    const approval = { status: 'approved', userId: 'alice', sessionId: 's1', authTime: T + 1 } as const;
    expect(await repos.deviceCodes.decide('ABCD-EFGH', approval)).toBe(true);
    expect(await repos.deviceCodes.decide('ABCD-EFGH', { status: 'denied' })).toBe(false);
    expect(await repos.deviceCodes.decide('ABCD-EFGH', approval)).toBe(false);
    expect(await repos.deviceCodes.findByUserCode('ABCD-EFGH')).toEqual(
      deviceAuthorization('d1', 'ABCD-EFGH', {
        status: 'approved',
        userId: 'alice',
        sessionId: 's1',
        authTime: T + 1,
      }),
    );
    expect(await repos.deviceCodes.decide('IJKL-MNOP', { status: 'denied' })).toBe(true);
    expect(await repos.deviceCodes.decide('IJKL-MNOP', approval)).toBe(false);
    expect((await repos.deviceCodes.findByUserCode('IJKL-MNOP'))?.status).toBe('denied');
    expect(await repos.deviceCodes.decide('ZZZZ-ZZZZ', { status: 'denied' })).toBe(false);
  });

  it('consume: approved becomes consumed once; pending and denied codes are not consumed', async () => {
    await repos.deviceCodes.insert(deviceAuthorization('d2', 'IJKL-MNOP'));
    expect(await repos.deviceCodes.consume('d1')).toBe(false);
    await repos.deviceCodes.decide('ABCD-EFGH', {
      status: 'approved',
      userId: 'alice',
      sessionId: 's1',
      authTime: T,
    });
    expect(await repos.deviceCodes.consume('d1')).toBe(true);
    expect(await repos.deviceCodes.consume('d1')).toBe(false);
    expect((await repos.deviceCodes.findByUserCode('ABCD-EFGH'))?.status).toBe('consumed');
    await repos.deviceCodes.decide('IJKL-MNOP', { status: 'denied' });
    expect(await repos.deviceCodes.consume('d2')).toBe(false);
    expect(await repos.deviceCodes.consume('unknown')).toBe(false);
  });
});

describe.each(sqlBackends)('single use under concurrency, two connections ($name)', (backend) => {
  let store: SharedSqlStore;
  beforeEach(async () => {
    store = await backend.openShared();
  });
  afterEach(() => store.close());

  it('20 concurrent consume() of one authorization code: exactly one gets it', async () => {
    await store.repos.authorizationCodes.insert(authorizationCode('c1'));
    const outcomes = await burst(20, [store.repos, store.peer], (repos, i) =>
      repos.authorizationCodes.consume('c1', T + i),
    );
    const winners = outcomes.flatMap((code, i) => (code ? [i] : []));
    expect(winners).toHaveLength(1);
    const [winner] = winners;
    expect(outcomes[winner ?? -1]).toEqual(authorizationCode('c1', { consumedAt: T + (winner ?? -1) }));
    expect((await store.repos.authorizationCodes.find('c1'))?.consumedAt).toBe(T + (winner ?? -1));
  });

  it('20 concurrent first polls of a device code (10 codes): at most one passes per code, none fails', async () => {
    for (let round = 0; round < 10; round++) {
      await store.repos.deviceCodes.insert(deviceAuthorization(`d${round}`, `CODE-${round}`));
      const outcomes = await burst(20, [store.repos, store.peer], (repos) =>
        repos.deviceCodes.poll(`d${round}`, T),
      );
      const kinds = tally(outcomes, (outcome) => outcome.kind);
      expect(kinds.polled ?? 0).toBeLessThanOrEqual(1);
      expect((kinds.polled ?? 0) + (kinds['too-fast'] ?? 0)).toBe(20);
    }
  });

  it('20 concurrent polls of one device code once its interval has passed (10 rounds): at most one passes per round, none fails', async () => {
    await store.repos.deviceCodes.insert(deviceAuthorization('d1', 'ABCD-EFGH', { lastPolledAt: T }));
    for (let round = 0; round < 10; round++) {
      const current = await store.repos.deviceCodes.findByUserCode('ABCD-EFGH');
      const at = (current?.lastPolledAt ?? T) + (current?.intervalSeconds ?? 5) * SECOND;
      const outcomes = await burst(20, [store.repos, store.peer], (repos) =>
        repos.deviceCodes.poll('d1', at),
      );
      const kinds = tally(outcomes, (outcome) => outcome.kind);
      expect(kinds.polled ?? 0).toBeLessThanOrEqual(1);
      expect((kinds.polled ?? 0) + (kinds['too-fast'] ?? 0)).toBe(20);
    }
  });

  it('20 concurrent decisions on one user code: exactly one is taken', async () => {
    await store.repos.deviceCodes.insert(deviceAuthorization('d1', 'ABCD-EFGH'));
    const outcomes = await burst(20, [store.repos, store.peer], (repos, i) =>
      repos.deviceCodes.decide(
        'ABCD-EFGH',
        i % 3 === 0
          ? { status: 'denied' }
          : { status: 'approved', userId: `user-${i}`, sessionId: `s-${i}`, authTime: T },
      ),
    );
    expect(tally(outcomes, String)).toEqual({ true: 1, false: 19 });
  });

  it('20 concurrent consume() of one approved device code: exactly one succeeds', async () => {
    await store.repos.deviceCodes.insert(
      deviceAuthorization('d1', 'ABCD-EFGH', {
        status: 'approved',
        userId: 'alice',
        sessionId: 's1',
        authTime: T,
      }),
    );
    const outcomes = await burst(20, [store.repos, store.peer], (repos) => repos.deviceCodes.consume('d1'));
    expect(tally(outcomes, String)).toEqual({ true: 1, false: 19 });
    expect((await store.repos.deviceCodes.findByUserCode('ABCD-EFGH'))?.status).toBe('consumed');
  });
});
