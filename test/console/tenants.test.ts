import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, consoleWithRoot, settingOf } from '../support/console-browser.ts';

/** A tenant's life in the console: created, renamed, bounded by a ceiling that Explain then shows, deleted. */
describe('console: tenants', { timeout: 120_000 }, () => {
  let console: ConsoleHarness;
  let page: Page;
  beforeAll(async () => {
    console = await consoleWithRoot();
    page = console.page;
    await console.signIn('root');
  });
  afterAll(() => console.close());

  it('creates a tenant and renames it, with the server refusing a bad id in its own words', async () => {
    await page.getByRole('link', { name: 'Tenants' }).click();
    await page.getByRole('button', { name: 'New tenant' }).click();
    const dialog = page.getByRole('dialog', { name: 'New tenant' });
    await dialog.getByLabel('Name', { exact: true }).fill('Provider');
    await dialog.getByLabel('Id', { exact: true }).fill('no spaces here');
    await dialog.getByRole('button', { name: 'Create tenant' }).click();
    await expect.poll(() => dialog.getByRole('alert').isVisible()).toBe(true);
    expect(await dialog.getByRole('alert').locator('strong').textContent()).toBe(
      'The tenant was not created',
    );
    await dialog.getByLabel('Id', { exact: true }).fill('provider');
    await dialog.getByRole('button', { name: 'Create tenant' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tenant Provider');
    expect(new URL(page.url()).pathname).toBe('/console/tenants/provider');

    await page.getByLabel('Name', { exact: true }).fill('Provider Inc');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).isVisible()).toBe(true);
    expect((await console.lifespan.admin('GET', '/admin/v1/tenants/provider')).json()).toMatchObject({
      id: 'provider',
      name: 'Provider Inc',
      parentId: null,
    });
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('tenant');
    await console.checkAtPhoneWidth('tenant');
  });

  it("sets a ceiling on the tenant's access tokens, and Explain shows a client's override clamped by it", async () => {
    await page.getByRole('link', { name: 'Lifetime policy' }).click();
    const access = settingOf(page, 'accessTokenTtl');
    await access.getByText('Ceiling at this level: none').click();
    await access.getByRole('checkbox', { name: 'Set a ceiling' }).check();
    await access.getByRole('spinbutton', { name: 'ceiling of accessTokenTtl at this level' }).fill('1');
    await access
      .getByRole('combobox', { name: 'ceiling of accessTokenTtl at this level: unit' })
      .selectOption('h');
    await expect.poll(() => page.getByRole('button', { name: 'Review and save…' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Review and save…' }).click();
    await page
      .getByRole('dialog', { name: 'Review the change to tenant provider' })
      .getByRole('button', { name: 'Save' })
      .click();
    await expect
      .poll(
        async () => (await console.lifespan.admin('GET', '/admin/v1/tenants/provider/policy')).json().policy,
      )
      .toEqual({ max: { accessTokenTtl: 3600 } });

    const client = await console.lifespan.admin('POST', '/admin/v1/clients', {
      id: 'web',
      tenantId: 'provider',
      name: 'Web',
      policy: { accessTokenTtl: '90d' },
    });
    expect(client.statusCode).toBe(201);
    await page.getByRole('link', { name: 'Explain' }).click();
    await page.getByLabel('Client', { exact: true }).selectOption('web');
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    const accessTokenLifetime = page.getByRole('listitem').filter({
      has: page.getByRole('heading', { name: 'Access token lifetime accessTokenTtl' }),
    });
    await expect
      .poll(() => accessTokenLifetime.locator('.explain-why').textContent())
      .toBe('Set by client web. Clamped 90 days → 1 hour by the ceiling of tenant provider.');
  });

  it('refuses to delete a tenant that still has a client, and deletes one after its id is typed', async () => {
    await page.goto(`${console.baseUrl}/console/tenants/provider`);
    await page.getByRole('button', { name: 'Delete tenant' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete tenant provider?' });
    const deleteButton = confirm.getByRole('button', { name: 'Delete tenant' });
    expect(await deleteButton.isDisabled()).toBe(true);
    await confirm.getByLabel('Type provider to confirm').fill('provider');
    await deleteButton.click();
    await expect
      .poll(() => page.getByRole('alert').innerText())
      .toBe('The tenant was not deleted\n\ntenant provider still has 0 sub-tenant(s) and 1 client(s)');
    expect((await console.lifespan.admin('GET', '/admin/v1/tenants/provider')).statusCode).toBe(200);

    expect((await console.lifespan.admin('DELETE', '/admin/v1/clients/web')).statusCode).toBe(204);
    await page.getByRole('button', { name: 'Delete tenant' }).click();
    await confirm.getByLabel('Type provider to confirm').fill('provider');
    await confirm.getByRole('button', { name: 'Delete tenant' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tenants');
    expect((await console.lifespan.admin('GET', '/admin/v1/tenants/provider')).statusCode).toBe(404);
    await expect.poll(() => page.getByText('Provider Inc').count()).toBe(0);
  });

  it('finds tenants by any part of their id or name, in any case, and says when none matches', async () => {
    for (const [id, name] of [
      ['globex', 'Globex Corporation'],
      ['initech', 'Initech'],
    ]) {
      expect((await console.lifespan.admin('POST', '/admin/v1/tenants', { id, name })).statusCode).toBe(201);
    }
    // made through the API behind the console's back: the page is loaded afresh
    await page.goto(`${console.baseUrl}/console/tenants`);
    const names = () => page.locator('tbody tr td:first-child a').allTextContents();
    await expect.poll(names).toContain('Initech');
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('CORP');
    await expect.poll(names).toEqual(['Globex Corporation']);
    await search.fill('itec');
    await expect.poll(names).toEqual(['Initech']);
    await search.fill('nothing like it');
    await expect.poll(() => page.getByText('No tenant matches.').isVisible()).toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);
    await search.fill('');
    await expect.poll(async () => (await names()).length).toBeGreaterThanOrEqual(2);
  });
});
