/** GET /admin/v1/clients?search=: clients whose id or name contains the text, paged like every list. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestLifespan, testLifespan } from '../support/lifespan.ts';

describe('the management API searches clients by id or name', () => {
  let lifespan: TestLifespan;
  const listed = async (query: string) => {
    const answer = await lifespan.admin('GET', `/admin/v1/clients?${query}`);
    expect(answer.statusCode).toBe(200);
    const body = answer.json() as { items: { id: string }[]; next: string | null };
    return { ids: body.items.map((c) => c.id), next: body.next };
  };
  beforeEach(async () => {
    lifespan = await testLifespan();
    for (const id of ['acme', 'globex']) await lifespan.admin('POST', '/admin/v1/tenants', { id, name: id });
    for (const [id, tenantId, name] of [
      ['billing-api', 'acme', 'Invoices'],
      ['web', 'acme', 'Billing Portal'],
      ['reports', 'globex', 'Monthly billing'],
      ['mobile', 'globex', 'Mobile app'],
    ] as const) {
      const created = await lifespan.admin('POST', '/admin/v1/clients', { id, tenantId, name });
      expect(created.statusCode).toBe(201);
    }
  });
  afterEach(() => lifespan.close());

  it('finds a part of the id or name in any case, within a tenant, page by page', async () => {
    expect(await listed('search=BILLING')).toEqual({ ids: ['billing-api', 'reports', 'web'], next: null });
    expect(await listed('search=mobile%20APP')).toEqual({ ids: ['mobile'], next: null });
    expect(await listed('search=billing&tenantId=acme')).toEqual({ ids: ['billing-api', 'web'], next: null });
    expect(await listed('search=billing&limit=2')).toEqual({
      ids: ['billing-api', 'reports'],
      next: 'reports',
    });
    expect(await listed('search=billing&limit=2&after=reports')).toEqual({ ids: ['web'], next: null });
    expect(await listed('search=')).toEqual({ ids: ['billing-api', 'mobile', 'reports', 'web'], next: null });
  });

  it('refuses a search text longer than 200 characters with a problem naming the field', async () => {
    const answer = await lifespan.admin('GET', `/admin/v1/clients?search=${'x'.repeat(201)}`);
    expect(answer.statusCode).toBe(400);
    expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(answer.json().errors).toEqual([{ field: 'search', message: expect.stringContaining('200') }]);
  });
});
