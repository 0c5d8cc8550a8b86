/** Contract: the client list's search by id or name, with the tenant filter and keyset paging. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientListQuery } from '../../src/ports/client-repository.ts';
import type { Repositories } from '../../src/storage/sql/repositories.ts';
import { type SqlStore, sqlBackends } from './backends.ts';
import { client, tenant } from './fixtures.ts';

describe.each(sqlBackends)('client search ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  const ids = async (query: ClientListQuery) => (await repos.clients.list(query)).map((c) => c.id);
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
    await repos.tenants.insert(tenant('acme'));
    await repos.tenants.insert(tenant('globex'));
    await repos.clients.insert(client('billing-api', 'acme', { name: 'Invoices' }));
    await repos.clients.insert(client('web', 'acme', { name: 'Billing Portal' }));
    await repos.clients.insert(client('reports', 'globex', { name: 'Monthly billing' }));
    await repos.clients.insert(client('ops_tool', 'globex', { name: 'Ops: 100% uptime' }));
    await repos.clients.insert(client('opsXtool', 'globex', { name: 'Other' }));
  });
  afterEach(() => store.close());

  it('matches a part of the id or of the name, whatever the case of ASCII letters', async () => {
    expect(await ids({ limit: 10, search: 'BILLING' })).toEqual(['billing-api', 'reports', 'web']);
    expect(await ids({ limit: 10, search: 'invoice' })).toEqual(['billing-api']);
    expect(await ids({ limit: 10, search: 'nothing like it' })).toEqual([]);
    expect(await ids({ limit: 10, search: '' })).toHaveLength(5);
  });

  it('takes %, _ and \\ as themselves, not as patterns', async () => {
    expect(await ids({ limit: 10, search: 'ops_' })).toEqual(['ops_tool']);
    expect(await ids({ limit: 10, search: '100%' })).toEqual(['ops_tool']);
    expect(await ids({ limit: 10, search: '%' })).toEqual(['ops_tool']);
    expect(await ids({ limit: 10, search: '\\' })).toEqual([]);
  });

  it('combines with the tenant filter and pages with after', async () => {
    expect(await ids({ limit: 10, search: 'billing', tenantId: 'acme' })).toEqual(['billing-api', 'web']);
    expect(await ids({ limit: 10, search: 'billing', tenantIds: ['globex'] })).toEqual(['reports']);
    expect(await ids({ limit: 1, search: 'billing' })).toEqual(['billing-api']);
    expect(await ids({ limit: 1, search: 'billing', after: 'billing-api' })).toEqual(['reports']);
    expect(await ids({ limit: 2, search: 'billing', after: 'reports' })).toEqual(['web']);
  });
});
