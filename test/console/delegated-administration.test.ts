import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdministrator } from '../support/console-admin.ts';
import { type ConsoleHarness, consoleHarness } from '../support/console-browser.ts';

/** What a tenant administrator sees: their tenant and its sub-tenants, nothing of a sibling (seed 000). */
describe('console: a tenant administrator', { timeout: 120_000 }, () => {
  let console: ConsoleHarness;
  let page: Page;
  beforeAll(async () => {
    console = await consoleHarness();
    for (const [id, name, parentId] of [
      ['provider', 'Provider', null],
      ['customer', 'Customer', 'provider'],
      ['sub', 'Sub-customer', 'customer'],
      ['sibling', 'Sibling customer', 'provider'],
    ] as const) {
      const created = await console.lifespan.admin('POST', '/admin/v1/tenants', { id, name, parentId });
      expect(created.statusCode).toBe(201);
    }
    await createAdministrator(console.lifespan, 'alice', 'customer');
    page = console.page;
    await console.signIn('alice');
  });
  afterAll(() => console.close());

  it('sees only their tenant and its sub-tenants, and no service-wide page', async () => {
    await expect.poll(() => page.getByText('administers tenant customer').isVisible()).toBe(true);
    const nav = page.getByRole('navigation', { name: 'Console' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Overview',
      'Tenants',
      'Clients',
      'Scopes',
      'Users',
      'Explain',
      'Timeline',
      'Audit log',
      'Danger zone',
    ]);
    await nav.getByRole('link', { name: 'Tenants' }).click();
    const rows = page.getByRole('table', { name: 'Tenants, each under its parent' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.allInnerTexts()).toEqual([
      expect.stringMatching(/^Name\tId\tParent\tCreated$/),
      expect.stringMatching(/^Customer\tcustomer\tprovider\t/),
      // the branch before a sub-tenant is drawn, not read (aria-hidden)
      expect.stringMatching(/^↳ Sub-customer\tsub\tcustomer\t/),
    ]);
    expect(await page.getByText('Sibling customer').count()).toBe(0);
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('tenants-delegated');
    await console.checkAtPhoneWidth('tenants-delegated');
  });

  it("is told a sibling tenant is not theirs, in the server's words, when opening its address", async () => {
    await page.goto(`${console.baseUrl}/console/tenants/sibling`);
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toBe('This could not be loaded\n\nthis is not within the tenants you administer');
    expect(await page.getByText('Sibling customer').count()).toBe(0);
  });

  it('offers only their own subtree as the parent of a new tenant', async () => {
    await page.goto(`${console.baseUrl}/console/tenants`);
    await page.getByRole('button', { name: 'New tenant' }).click();
    const dialog = page.getByRole('dialog', { name: 'New tenant' });
    const parents = dialog.getByLabel('Parent tenant').locator('option');
    expect((await parents.allTextContents()).map((text) => text.trim())).toEqual([
      'Customer (customer)',
      'Sub-customer (sub)',
    ]);
    await dialog.getByLabel('Name', { exact: true }).fill('Team');
    await dialog.getByLabel('Id', { exact: true }).fill('team');
    await dialog.getByLabel('Parent tenant').selectOption('sub');
    await dialog.getByRole('button', { name: 'Create tenant' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tenant Team');
    const tabs = page.getByRole('navigation', { name: 'Tenant Team' }).getByRole('link');
    expect(await tabs.allTextContents()).toEqual(['Settings', 'Lifetime policy', 'Policy history']);
    expect(await page.getByLabel('Parent tenant').inputValue()).toBe('sub');
    const stored = await console.lifespan.admin('GET', '/admin/v1/tenants/team');
    expect(stored.json()).toMatchObject({ id: 'team', name: 'Team', parentId: 'sub' });
  });
});
