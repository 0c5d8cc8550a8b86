import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, consoleWithRoot, settingOf } from '../support/console-browser.ts';

describe('console: the policy editor', { timeout: 120_000 }, () => {
  let console: ConsoleHarness;
  let page: Page;
  beforeAll(async () => {
    console = await consoleWithRoot();
    page = console.page;
    await console.signIn('root');
  });
  afterAll(() => console.close());

  it("shows what each setting inherits, and the server's lint and constraint errors while typing", async () => {
    await page.getByRole('link', { name: 'Service policy' }).click();
    const access = settingOf(page, 'accessTokenTtl');
    await expect
      .poll(() => access.getByText('Inherits 1 hour from the built-in default').isVisible())
      .toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);
    await access.getByRole('radio', { name: 'Override' }).check();
    await access.getByRole('spinbutton', { name: 'accessTokenTtl at this level' }).fill('2');
    await expect
      .poll(() => access.getByText('Lint: access tokens live longer than 1 hour').first().isVisible())
      .toBe(true);
    await expect
      .poll(() => access.getByText('After saving: 2 hours from the service policy').isVisible())
      .toBe(true);

    await page.getByText('Refresh behaviour', { exact: true }).click();
    const refresh = settingOf(page, 'refreshTokenTtl');
    await refresh.getByRole('radio', { name: 'Override' }).check();
    await refresh.getByRole('spinbutton', { name: 'refreshTokenTtl at this level' }).fill('1');
    await refresh.getByRole('combobox', { name: 'refreshTokenTtl at this level: unit' }).selectOption('h');
    await expect
      .poll(() => refresh.getByRole('alert').textContent())
      .toBe(
        'the refresh token lifetime (1h, from the service policy) must not be shorter than the access token lifetime (2h, from the service policy) for user tokens',
      );
    expect(await page.getByRole('button', { name: 'Review and save…' }).isDisabled()).toBe(true);
    await console.screenshot('policy-editor-error');
    await console.checkAtPhoneWidth('policy-editor-error');
    await refresh.getByRole('radio', { name: 'Inherit' }).check();
    await expect.poll(() => page.getByRole('button', { name: 'Review and save…' }).isEnabled()).toBe(true);
  });

  it('saves only after the dry run is reviewed, then lists the version and rolls it back', async () => {
    await page.getByRole('button', { name: 'Review and save…' }).click();
    const review = page.getByRole('dialog', { name: 'Review the change to the service' });
    await expect.poll(() => review.isVisible()).toBe(true);
    await expect
      .poll(() =>
        review
          .getByRole('row', { name: /admin accessTokenTtl 1 hour \(the built-in default\) 2 hours/ })
          .isVisible(),
      )
      .toBe(true);
    await expect
      .poll(() => review.getByText('Tokens already issued keep their own expiry').isVisible())
      .toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('policy-review');
    await review.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Saved as policy version' }).isVisible())
      .toBe(true);
    const stored = await console.lifespan.admin('GET', '/admin/v1/service/policy');
    expect(stored.json().policy).toEqual({ accessTokenTtl: 7200 });

    // a second change, then back to the first one
    const access = settingOf(page, 'accessTokenTtl');
    await access.getByRole('spinbutton', { name: 'accessTokenTtl at this level' }).fill('30');
    await access.getByRole('combobox', { name: 'accessTokenTtl at this level: unit' }).selectOption('m');
    await expect.poll(() => page.getByRole('button', { name: 'Review and save…' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Review and save…' }).click();
    await page
      .getByRole('dialog', { name: 'Review the change to the service' })
      .getByRole('button', { name: 'Save' })
      .click();
    await expect
      .poll(async () => (await console.lifespan.admin('GET', '/admin/v1/service/policy')).json().policy)
      .toEqual({
        accessTokenTtl: 1800,
      });
    await page.getByRole('link', { name: 'History' }).click();
    const versions = page.getByRole('heading', { level: 3, name: /^Version \d+$/ });
    await expect.poll(() => versions.count()).toBe(2);
    const first = (await versions.nth(1).textContent()) ?? '';
    await page.getByRole('button', { name: `Roll back to ${first.toLowerCase()}` }).click();
    const confirm = page.getByRole('dialog', {
      name: new RegExp(`Roll back the service to ${first.toLowerCase()}`),
    });
    expect(await confirm.getByRole('row', { name: 'accessTokenTtl 30 minutes 2 hours' }).isVisible()).toBe(
      true,
    );
    await confirm.getByRole('button', { name: 'Roll back' }).click();
    await expect
      .poll(async () => (await console.lifespan.admin('GET', '/admin/v1/service/policy')).json().policy)
      .toEqual({
        accessTokenTtl: 7200,
      });
    await expect.poll(() => versions.count()).toBe(3);
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('policy-history');
    await console.checkAtPhoneWidth('policy-history');
  });

  it('never overwrites what another administrator saved meanwhile: it shows both and lets them choose', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Sessions and accounts' }).click();
    const idle = settingOf(page, 'sessionIdleTtl');
    await idle.getByRole('radio', { name: 'Override' }).check();
    await console.lifespan.admin('PUT', '/admin/v1/service/policy', { accessTokenTtl: '45m' });
    // it inherits none (no limit): a unit turns it into a duration
    await idle.getByRole('combobox', { name: 'sessionIdleTtl at this level: unit' }).selectOption('m');
    await idle.getByRole('spinbutton', { name: 'sessionIdleTtl at this level' }).fill('20');
    const conflict = page.getByRole('alert', { name: 'Conflicting change' });
    await expect.poll(() => conflict.isVisible()).toBe(true);
    expect(await conflict.getByRole('row', { name: 'accessTokenTtl 45 minutes 2 hours' }).isVisible()).toBe(
      true,
    );
    await console.screenshot('policy-conflict');
    await conflict.getByRole('button', { name: 'Load their version (discard my draft)' }).click();
    await expect
      .poll(() =>
        settingOf(page, 'accessTokenTtl')
          .getByRole('spinbutton', { name: 'accessTokenTtl at this level' })
          .inputValue(),
      )
      .toBe('45');
    expect((await console.lifespan.admin('GET', '/admin/v1/service/policy')).json().policy).toEqual({
      accessTokenTtl: 2700,
    });
  });
});
