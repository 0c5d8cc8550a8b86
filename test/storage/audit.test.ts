/** Contract: the audit log: filters, newest first, keyset paging with the `before` cursor. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/domain/audit/audit-event.ts';
import type { AuditQuery } from '../../src/ports/audit-repository.ts';
import type { Repositories } from '../../src/storage/sql/repositories.ts';
import { type SqlStore, sqlBackends } from './backends.ts';
import { auditEvent, T } from './fixtures.ts';

const EVENTS: AuditEvent[] = [
  auditEvent('e01', {
    at: T + 10,
    action: 'user.created',
    actor: 'admin:ops',
    tenantId: 'acme',
    subject: 'alice',
  }),
  auditEvent('e02', {
    at: T + 20,
    action: 'login',
    actor: 'user:alice',
    tenantId: 'acme',
    subject: 'alice',
    outcome: 'failure',
  }),
  auditEvent('e03', { at: T + 20, action: 'login', actor: 'user:bob', tenantId: 'acme', subject: 'bob' }),
  auditEvent('e04', {
    at: T + 30,
    action: 'login',
    actor: 'user:alice',
    tenantId: 'globex',
    subject: 'alice',
  }),
  auditEvent('e05', {
    at: T + 40,
    action: 'key.rotated',
    actor: 'system',
    tenantId: null,
    subject: null,
    requestId: null,
    clientAddress: null,
    details: { kid: 'k2', previous: ['k1'], automatic: true },
  }),
  auditEvent('e06', {
    at: T + 40,
    action: 'device.locked',
    actor: 'user:alice',
    tenantId: 'acme',
    subject: 'alice',
    outcome: 'failure',
  }),
  auditEvent('e07', { at: T + 40, action: 'login', actor: 'user:alice', tenantId: 'acme', subject: 'alice' }),
  auditEvent('e08', {
    at: T + 50,
    action: 'tenant.deleted',
    actor: 'admin:ops',
    tenantId: 'acme',
    subject: null,
  }),
];

/** Newest first: by instant, then by id, both descending. */
const newestFirst = (events: AuditEvent[]) =>
  [...events].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));

describe.each(sqlBackends)('audit ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
    // inserted out of order: the order of the answers is the query's
    for (const event of [...EVENTS].reverse().filter((_, i) => i % 2 === 0)) await repos.audit.insert(event);
    for (const event of [...EVENTS].reverse().filter((_, i) => i % 2 === 1)) await repos.audit.insert(event);
  });
  afterEach(() => store.close());

  const ids = async (query: AuditQuery) => (await repos.audit.query(query)).map((event) => event.id);

  it('every event as inserted, newest first (ties by id, descending); limited', async () => {
    expect(await repos.audit.query({ limit: 100 })).toEqual(newestFirst(EVENTS));
    expect(await ids({ limit: 3 })).toEqual(['e08', 'e07', 'e06']);
  });

  it('each filter alone, and together', async () => {
    const expected = (keep: (event: AuditEvent) => boolean) =>
      newestFirst(EVENTS.filter(keep)).map((e) => e.id);
    expect(await ids({ limit: 100, action: 'login' })).toEqual(expected((e) => e.action === 'login'));
    expect(await ids({ limit: 100, actor: 'user:alice' })).toEqual(expected((e) => e.actor === 'user:alice'));
    expect(await ids({ limit: 100, tenantId: 'globex' })).toEqual(['e04']);
    expect(await ids({ limit: 100, subject: 'bob' })).toEqual(['e03']);
    expect(await ids({ limit: 100, outcome: 'failure' })).toEqual(['e06', 'e02']);
    expect(await ids({ limit: 100, outcome: 'success' })).toEqual(expected((e) => e.outcome === 'success'));
    expect(await ids({ limit: 100, from: T + 35 })).toEqual(['e08', 'e07', 'e06', 'e05']);
    expect(await ids({ limit: 100, to: T + 25 })).toEqual(['e03', 'e02', 'e01']);
    expect(await ids({ limit: 100, from: T + 15, to: T + 45 })).toEqual([
      'e07',
      'e06',
      'e05',
      'e04',
      'e03',
      'e02',
    ]);
    expect(
      await ids({
        limit: 100,
        action: 'login',
        actor: 'user:alice',
        tenantId: 'acme',
        subject: 'alice',
        outcome: 'success',
        from: T + 15,
        to: T + 45,
      }),
    ).toEqual(['e07']);
    expect(await ids({ limit: 100, action: 'nothing' })).toEqual([]);
  });

  it('undefined filters are no filters', async () => {
    expect(
      await ids({
        limit: 100,
        action: undefined,
        actor: undefined,
        tenantId: undefined,
        subject: undefined,
        outcome: undefined,
        from: undefined,
        to: undefined,
        before: undefined,
      }),
    ).toEqual(newestFirst(EVENTS).map((e) => e.id));
  });

  it('paging with the before cursor walks every event once, across ties of instant', async () => {
    const pages: string[][] = [];
    let before: AuditQuery['before'];
    for (;;) {
      const page = await repos.audit.query({ limit: 2, before });
      if (page.length === 0) break;
      pages.push(page.map((event) => event.id));
      const last = page[page.length - 1];
      if (!last) break;
      before = { at: last.at, id: last.id };
    }
    expect(pages).toEqual([
      ['e08', 'e07'],
      ['e06', 'e05'],
      ['e04', 'e03'],
      ['e02', 'e01'],
    ]);
  });

  it('the before cursor combines with filters', async () => {
    expect(await ids({ limit: 2, action: 'login', before: { at: T + 40, id: 'e07' } })).toEqual([
      'e04',
      'e03',
    ]);
    expect(await ids({ limit: 10, actor: 'user:alice', before: { at: T + 30, id: 'e04' } })).toEqual(['e02']);
  });
});
