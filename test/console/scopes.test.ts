import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, consoleWithRoot } from '../support/console-browser.ts';

/** Scopes in the console: listed and searched, created (a bad name refused in the server's words), edited, deleted. */
describe('console: scopes', { timeout: 120_000 }, () => {
  let console: ConsoleHarness;
  let page: Page;
  beforeAll(async () => {
    console = await consoleWithRoot();
    page = console.page;
    await console.signIn('root');
  });
  afterAll(() => console.close());

  const heading = () => page.getByRole('heading', { level: 1 }).textContent();
  const menu = (name: string) =>
    page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name });
  const names = () => page.locator('tbody tr td:first-child').allTextContents();

  it('says there are no scopes yet, then creates one after the server refuses a name with a space', async () => {
    await menu('Scopes').click();
    await expect
      .poll(() => page.getByText('There are no scopes yet: New scope defines the first one.').isVisible())
      .toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);

    await page.getByRole('button', { name: 'New scope' }).click();
    const dialog = page.getByRole('dialog', { name: 'New scope' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('invoices read');
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Read the invoices of the tenant');
    await dialog.getByRole('button', { name: 'Create scope' }).click();
    await expect
      .poll(() => dialog.getByRole('textbox', { name: 'Name', exact: true }).getAttribute('aria-invalid'))
      .toBe('true');
    expect(await dialog.locator('.field-error').textContent()).toBe(
      'a scope is 1 to 128 printable ASCII characters without space, " or \\',
    );
    expect(await dialog.getByRole('alert').locator('strong').textContent()).toBe('The scope was not created');
    expect(await console.accessibilityProblems()).toEqual([]);

    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('invoices:read');
    await dialog.getByRole('button', { name: 'Create scope' }).click();
    await expect.poll(heading).toBe('Scope invoices:read');
    expect(new URL(page.url()).pathname).toBe('/console/scopes/invoices%3Aread');
    await expect
      .poll(() => page.getByRole('navigation', { name: 'Scope invoices:read' }).isVisible())
      .toBe(true);
    expect(await page.locator('dt', { hasText: 'Name' }).locator('+ dd').textContent()).toBe('invoices:read');
    expect(await page.getByRole('textbox', { name: 'Description' }).inputValue()).toBe(
      'Read the invoices of the tenant',
    );
    expect(await console.accessibilityProblems()).toEqual([]);
  });

  it('edits the description, and the list shows it and searches by name or description', async () => {
    await page.getByRole('textbox', { name: 'Description' }).fill('Read every invoice of the tenant');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).isVisible()).toBe(true);
    expect((await console.lifespan.admin('GET', '/admin/v1/scopes/invoices:read')).json().description).toBe(
      'Read every invoice of the tenant',
    );

    const created = await console.lifespan.admin('POST', '/admin/v1/scopes', {
      name: 'orders:write',
      description: 'Place and change orders',
    });
    expect(created.statusCode).toBe(201);
    await menu('Scopes').click();
    await expect.poll(names).toEqual(['invoices:read', 'orders:write']);
    expect(
      await page.getByRole('row', { name: /^invoices:read Read every invoice of the tenant / }).isVisible(),
    ).toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('scopes');
    await console.checkAtPhoneWidth('scopes');

    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('ORDERS');
    await expect.poll(names).toEqual(['orders:write']);
    await search.fill('invoice');
    await expect.poll(names).toEqual(['invoices:read']);
    await search.fill('nothing like it');
    await expect.poll(() => page.getByText('No scope matches.').isVisible()).toBe(true);
    await search.fill('');
    await expect.poll(names).toEqual(['invoices:read', 'orders:write']);
  });

  it("shows the server's words for a scope that does not exist", async () => {
    await page.evaluate(
      "history.pushState(null, '', '/console/scopes/nothing'); dispatchEvent(new PopStateEvent('popstate'))",
    );
    await expect.poll(heading).toBe('Scope nothing');
    const problem = page.getByRole('alert');
    await expect.poll(() => problem.locator('strong').textContent()).toBe('This could not be loaded');
    expect(await problem.locator('p').textContent()).toBe('scope nothing does not exist');
    expect(await console.accessibilityProblems()).toEqual([]);
    await menu('Scopes').click();
    await expect.poll(heading).toBe('Scopes');
  });

  it('deletes a scope once its name is typed', async () => {
    await page.getByRole('link', { name: 'orders:write' }).click();
    await expect.poll(heading).toBe('Scope orders:write');
    await page.getByRole('button', { name: 'Delete scope' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete scope orders:write?' });
    const remove = confirm.getByRole('button', { name: 'Delete scope' });
    expect(await remove.isDisabled()).toBe(true);
    await confirm.getByLabel('Type orders:write to confirm').fill('orders:write');
    expect(await console.accessibilityProblems()).toEqual([]);
    await remove.click();
    await expect.poll(heading).toBe('Scopes');
    await expect.poll(names).toEqual(['invoices:read']);
    expect((await console.lifespan.admin('GET', '/admin/v1/scopes/orders:write')).statusCode).toBe(404);
    expect(await console.accessibilityProblems()).toEqual([]);
  });
});
