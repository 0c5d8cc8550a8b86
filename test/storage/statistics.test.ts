/** Contract: the overview's statistics: access tokens issued and failed logins, counted per whole hour. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Repositories } from '../../src/storage/sql/repositories.ts';
import { type SqlStore, sqlBackends } from './backends.ts';
import { auditEvent, HOUR, MINUTE, T } from './fixtures.ts';

/** The start of T's hour: T itself is 13 min 20 s into it. */
const HOUR_OF_T = Math.floor(T / HOUR) * HOUR;

describe.each(sqlBackends)('statistics ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
  });
  afterEach(() => store.close());

  it('failed logins per whole hour, whatever the minute of each failure; successes and other tenants apart', async () => {
    const failure = { action: 'login', outcome: 'failure' as const, tenantId: 'acme' };
    for (const [id, at] of [
      ['f1', T],
      ['f2', T + 40 * MINUTE],
      ['f3', T + HOUR],
    ] as const) {
      await repos.audit.insert(auditEvent(id, { ...failure, at }));
    }
    await repos.audit.insert(auditEvent('s1', { ...failure, outcome: 'success', at: T }));
    await repos.audit.insert(auditEvent('g1', { ...failure, tenantId: 'globex', at: T }));
    const range = { from: HOUR_OF_T, to: HOUR_OF_T + 3 * HOUR };
    expect(await repos.statistics.failedLogins({ ...range, tenantIds: ['acme'] })).toEqual([
      { hour: HOUR_OF_T, key: 'failed-login', count: 2 },
      { hour: HOUR_OF_T + HOUR, key: 'failed-login', count: 1 },
    ]);
    expect(await repos.statistics.failedLogins(range)).toEqual([
      { hour: HOUR_OF_T, key: 'failed-login', count: 3 },
      { hour: HOUR_OF_T + HOUR, key: 'failed-login', count: 1 },
    ]);
  });

  it('access tokens issued per hour and grant, added up across writes', async () => {
    await repos.statistics.addIssuance([
      { hour: HOUR_OF_T, tenantId: 'acme', grantType: 'client_credentials', count: 2 },
      { hour: HOUR_OF_T, tenantId: 'acme', grantType: 'refresh_token', count: 1 },
    ]);
    await repos.statistics.addIssuance([
      { hour: HOUR_OF_T, tenantId: 'acme', grantType: 'client_credentials', count: 3 },
      { hour: HOUR_OF_T, tenantId: 'globex', grantType: 'client_credentials', count: 7 },
    ]);
    expect(
      await repos.statistics.issuance({ from: HOUR_OF_T, to: HOUR_OF_T + HOUR, tenantIds: ['acme'] }),
    ).toEqual([
      { hour: HOUR_OF_T, key: 'client_credentials', count: 5 },
      { hour: HOUR_OF_T, key: 'refresh_token', count: 1 },
    ]);
  });
});
