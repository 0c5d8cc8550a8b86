import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, consoleWithRoot } from '../support/console-browser.ts';
import { basic } from '../support/lifespan.ts';

/** Clients in the console: a tenant tree, a confidential client whose secret is shown once, rotated, renamed, deleted. */
/** Run in the page: whether a text is in its DOM, its fields' values, its address, its history or its storage. */
const PAGE_HOLDS = `(text) => {
  const fields = [...document.querySelectorAll('input, textarea')].map((field) => field.value);
  const storage = [...Object.values(sessionStorage), ...Object.values(localStorage)];
  return [document.documentElement.outerHTML, location.href, JSON.stringify(history.state ?? null), ...fields, ...storage]
    .some((place) => place.includes(text));
}`;

describe('console: clients', { timeout: 180_000 }, () => {
  let console: ConsoleHarness;
  let page: Page;
  let firstSecret = '';
  let secondSecret = '';
  beforeAll(async () => {
    console = await consoleWithRoot();
    page = console.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: console.baseUrl });
    await console.signIn('root');
  });
  afterAll(() => console.close());

  const menu = (name: string) =>
    page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name });
  const heading = () => page.getByRole('heading', { level: 1 }).textContent();
  /** A client_credentials token request as the client itself would make it. */
  const tokenRequest = async (clientId: string, secret: string) => {
    const answer = await console.lifespan.form(
      '/oauth2/token',
      { grant_type: 'client_credentials' },
      basic(clientId, secret),
    );
    return { status: answer.statusCode, error: answer.json().error as string | undefined };
  };
  const pageHolds = async (secret: string): Promise<boolean> =>
    (await page.evaluate(`(${PAGE_HOLDS})(${JSON.stringify(secret)})`)) === true;
  const newTenant = async (name: string, id: string, parent?: string) => {
    await menu('Tenants').click();
    await page.getByRole('button', { name: 'New tenant' }).click();
    const dialog = page.getByRole('dialog', { name: 'New tenant' });
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    await dialog.getByLabel('Id', { exact: true }).fill(id);
    if (parent !== undefined) await dialog.getByLabel('Parent tenant').selectOption(parent);
    expect(await console.accessibilityProblems()).toEqual([]);
    await dialog.getByRole('button', { name: 'Create tenant' }).click();
    await expect.poll(heading).toBe(`Tenant ${name}`);
  };

  it('builds a tenant tree on the Tenants page: Acme EU under Acme', async () => {
    await newTenant('Acme', 'acme');
    await newTenant('Acme EU', 'acme-eu', 'acme');
    await menu('Tenants').click();
    const names = page.locator('tbody tr td:first-child a');
    await expect.poll(() => names.allTextContents()).toContain('Acme EU');
    const rows = await names.allTextContents();
    expect(rows.indexOf('Acme EU')).toBe(rows.indexOf('Acme') + 1);
    // a person sees the sub-tenant's name further right than its parent's
    const left = async (name: string) =>
      (await page.locator('tbody').getByRole('link', { name, exact: true }).boundingBox())?.x ?? 0;
    expect(await left('Acme EU')).toBeGreaterThan(await left('Acme'));
    expect(
      await page.getByRole('row', { name: /^Acme EU acme-eu acme / }).isVisible(),
      'Acme EU names acme as its parent',
    ).toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('tenants-tree');
    await console.checkAtPhoneWidth('tenants-tree');

    await page.getByRole('link', { name: 'Acme', exact: true }).click();
    await expect.poll(heading).toBe('Tenant Acme');
    const subTenants = page.locator('dt', { hasText: 'Sub-tenants' }).locator('+ dd');
    await expect.poll(() => subTenants.textContent()).toBe('Acme EU');
  });

  it("creates a confidential client in acme-eu, with the server's field problems under each field", async () => {
    await page.getByRole('link', { name: 'Acme EU' }).click();
    await expect.poll(heading).toBe('Tenant Acme EU');
    await page.getByRole('link', { name: 'Its clients' }).click();
    await expect.poll(heading).toBe('Clients');
    expect(await page.getByRole('combobox', { name: 'Tenant', exact: true }).inputValue()).toBe('acme-eu');
    await expect
      .poll(() =>
        page.getByText('This tenant has no clients yet: New client registers the first one.').isVisible(),
      )
      .toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);

    await page.getByRole('button', { name: 'New client' }).click();
    const dialog = page.getByRole('dialog', { name: 'New client' });
    expect(await dialog.getByLabel('Tenant', { exact: true }).inputValue()).toBe('acme-eu');
    await dialog.getByLabel('Name', { exact: true }).fill('Billing service');
    expect(await dialog.getByRole('checkbox', { name: /^Client credentials/ }).isChecked()).toBe(true);
    await dialog.getByRole('checkbox', { name: /^Authorization code/ }).check();
    await dialog
      .getByLabel('Redirect URIs', { exact: true })
      .fill('https://billing.example.com/callback#top');
    await dialog.getByLabel('Scopes').fill('invoices:read');
    await dialog.getByRole('button', { name: 'Create client' }).click();
    const redirectUris = dialog.getByRole('textbox', { name: 'Redirect URIs', exact: true });
    await expect.poll(() => redirectUris.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('.field-error').allTextContents()).toEqual([
      'https://billing.example.com/callback#top: a redirect URI must not have a fragment',
    ]);
    expect(await dialog.getByRole('alert').locator('strong').textContent()).toBe(
      'The client was not created',
    );
    expect(await console.accessibilityProblems()).toEqual([]);

    await dialog.getByRole('checkbox', { name: /^Authorization code/ }).uncheck();
    await dialog.getByLabel('Redirect URIs', { exact: true }).fill('');
    const clientId = dialog.getByRole('textbox', { name: 'Client id' });
    const ledger = await console.lifespan.admin('POST', '/admin/v1/clients', {
      id: 'ledger',
      tenantId: 'acme-eu',
      name: 'Ledger',
    });
    expect(ledger.statusCode).toBe(201);
    await clientId.fill('ledger');
    await dialog.getByRole('button', { name: 'Create client' }).click();
    await expect.poll(() => clientId.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('.field-error').allTextContents()).toEqual([
      'a client with id ledger exists',
    ]);
    await clientId.fill('billing');
    await dialog.getByRole('button', { name: 'Create client' }).click();

    const secretDialog = page.getByRole('dialog', { name: 'Client secret of Billing service' });
    await expect.poll(() => secretDialog.isVisible()).toBe(true);
    expect(await secretDialog.getByText('This secret will not be shown again.').isVisible()).toBe(true);
    expect(await secretDialog.getByLabel('Client id').inputValue()).toBe('billing');
    const secretField = secretDialog.getByLabel('Client secret');
    expect(await secretField.getAttribute('readonly')).not.toBeNull();
    firstSecret = await secretField.inputValue();
    expect(firstSecret).toMatch(/^[\w-]{43}$/);
    await secretDialog.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => secretDialog.getByRole('status').textContent()).toBe('Copied to the clipboard.');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(firstSecret);
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('client-secret-once');

    expect(await tokenRequest('billing', firstSecret)).toEqual({ status: 200, error: undefined });
    expect((await console.lifespan.admin('GET', '/admin/v1/clients/billing')).json()).toMatchObject({
      tenantId: 'acme-eu',
      name: 'Billing service',
      grantTypes: ['client_credentials'],
      scopes: ['invoices:read'],
      tokenEndpointAuthMethod: 'client_secret_basic',
    });

    await secretDialog.getByRole('button', { name: 'I have stored it' }).click();
    await expect.poll(heading).toBe('Client Billing service');
    expect(await secretDialog.count()).toBe(0);
    expect(await pageHolds(firstSecret)).toBe(false);
    await menu('Clients').click();
    await expect.poll(() => page.getByRole('link', { name: 'Billing service' }).isVisible()).toBe(true);
    expect(await pageHolds(firstSecret)).toBe(false);
  });

  it('shows the facts of the client and rotates its secret: the old one is refused at once, the new one shown once', async () => {
    await page.getByRole('link', { name: 'Billing service' }).click();
    await expect.poll(heading).toBe('Client Billing service');
    const fact = (name: string) => page.locator('dt', { hasText: name }).locator('+ dd');
    expect(await fact('Client id').textContent()).toBe('billing');
    expect(await fact('Tenant').getByRole('link', { name: 'Acme EU (acme-eu)' }).getAttribute('href')).toBe(
      '/console/tenants/acme-eu',
    );
    expect(await page.getByRole('navigation', { name: 'Client Billing service' }).isVisible()).toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('client');
    await console.checkAtPhoneWidth('client');

    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const confirm = page.getByRole('dialog', { name: 'Rotate the secret of Billing service?' });
    await expect
      .poll(() => confirm.getByText('The current secret stops working at once').isVisible())
      .toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);
    await confirm.getByRole('button', { name: 'Rotate secret' }).click();

    const secretDialog = page.getByRole('dialog', { name: 'Client secret of Billing service' });
    await expect.poll(() => secretDialog.isVisible()).toBe(true);
    expect(await secretDialog.getByText('The previous secret no longer works.').isVisible()).toBe(true);
    secondSecret = await secretDialog.getByLabel('Client secret').inputValue();
    expect(secondSecret).toMatch(/^[\w-]{43}$/);
    expect(secondSecret).not.toBe(firstSecret);
    expect(await tokenRequest('billing', firstSecret)).toEqual({ status: 401, error: 'invalid_client' });
    expect(await tokenRequest('billing', secondSecret)).toEqual({ status: 200, error: undefined });

    await page.keyboard.press('Escape');
    await expect.poll(() => secretDialog.count()).toBe(0);
    // Escape closes the native dialog first; the page forgets the secret as React handles the close
    await expect.poll(() => pageHolds(secondSecret)).toBe(false);
    expect(await heading()).toBe('Client Billing service');
  });

  it('renames the client, then deletes it once its id is typed', async () => {
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Billing API');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).isVisible()).toBe(true);
    await expect.poll(heading).toBe('Client Billing API');
    expect((await console.lifespan.admin('GET', '/admin/v1/clients/billing')).json().name).toBe(
      'Billing API',
    );

    await page.getByRole('button', { name: 'Delete client' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete client billing?' });
    const remove = confirm.getByRole('button', { name: 'Delete client' });
    expect(await remove.isDisabled()).toBe(true);
    await confirm.getByLabel('Type billing to confirm').fill('billin');
    expect(await remove.isDisabled()).toBe(true);
    await confirm.getByLabel('Type billing to confirm').fill('billing');
    expect(await console.accessibilityProblems()).toEqual([]);
    await remove.click();
    await expect.poll(heading).toBe('Clients');
    expect((await console.lifespan.admin('GET', '/admin/v1/clients/billing')).statusCode).toBe(404);
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Billing API' }).count()).toBe(0);
    expect(await tokenRequest('billing', secondSecret)).toEqual({ status: 401, error: 'invalid_client' });
  });

  it("shows the server's words for a client that does not exist", async () => {
    await page.evaluate(
      "history.pushState(null, '', '/console/clients/nobody'); dispatchEvent(new PopStateEvent('popstate'))",
    );
    await expect.poll(heading).toBe('Client nobody');
    const problem = page.getByRole('alert');
    await expect.poll(() => problem.locator('strong').textContent()).toBe('This could not be loaded');
    expect(await problem.locator('p').textContent()).toBe('client nobody does not exist');
    expect(await console.accessibilityProblems()).toEqual([]);
    await menu('Clients').click();
    await expect.poll(heading).toBe('Clients');
  });

  it('pages through the clients of a tenant forward and back, and searches them on the server', async () => {
    for (let n = 0; n < 45; n++) {
      const id = `svc-${String(n).padStart(2, '0')}`;
      const created = await console.lifespan.admin('POST', '/admin/v1/clients', {
        id,
        tenantId: 'acme',
        name: `Service ${n}`,
      });
      expect(created.statusCode).toBe(201);
    }
    const ids = page.locator('tbody tr td:nth-child(2)');
    const range = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => `svc-${String(from + i).padStart(2, '0')}`);
    await page.getByRole('combobox', { name: 'Tenant', exact: true }).selectOption('acme');
    await expect.poll(() => ids.allTextContents()).toEqual(range(0, 20));
    const pages = page.getByRole('navigation', { name: 'Pages' });
    expect(await pages.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('clients');
    await console.checkAtPhoneWidth('clients');

    await pages.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => ids.allTextContents()).toEqual(range(20, 40));
    expect(await pages.getByText('Page 2').isVisible()).toBe(true);
    await pages.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => ids.allTextContents()).toEqual(range(40, 45));
    expect(await pages.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await pages.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => ids.allTextContents()).toEqual(range(20, 40));
    await pages.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => ids.allTextContents()).toEqual(range(0, 20));

    await page.getByRole('searchbox', { name: 'Search' }).fill('SERVICE 3');
    await expect.poll(() => ids.allTextContents()).toEqual(['svc-03', ...range(30, 40)]);
    expect(await pages.count()).toBe(0);
    await page.getByRole('searchbox', { name: 'Search' }).fill('no such client');
    await expect.poll(() => page.getByText('No client matches the search.').isVisible()).toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);
  });
});
