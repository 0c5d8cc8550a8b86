import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, consoleWithRoot } from '../support/console-browser.ts';

// evaluated in the page (a string: the tests are type-checked without the DOM's types)
const focused = (page: Page) =>
  page.evaluate<string>(
    `(() => { const e = document.activeElement; return e ? e.tagName.toLowerCase() + ':' + (e.textContent ?? '').trim() : 'none'; })()`,
  );

/** The console from the keyboard alone: skip link, navigation, a dialog opened, filled and closed. */
describe('console: keyboard only', { timeout: 120_000 }, () => {
  let console: ConsoleHarness;
  let page: Page;
  beforeAll(async () => {
    console = await consoleWithRoot();
    page = console.page;
    await console.signIn('root');
  });
  afterAll(() => console.close());

  it('reaches the content by the skip link and the pages by the navigation', async () => {
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a:Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement?.id')).toBe('main');

    // from the skip link again: Sign out, then the navigation's links in order
    await page.getByRole('link', { name: 'Skip to content' }).focus();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:Sign out');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a:Overview');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a:Tenants');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tenants');
  });

  it('opens the new-tenant dialog, creates a tenant with the keyboard, and Escape closes a dialog', async () => {
    await page.getByRole('button', { name: 'New tenant' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New tenant' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await focused(page)).toBe('input:');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);

    await page.getByRole('button', { name: 'New tenant' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('Keyboard');
    await page.keyboard.press('Tab');
    await page.keyboard.type('keyboard');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tenant Keyboard');
  });
});
