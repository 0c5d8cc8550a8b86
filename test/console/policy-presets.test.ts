import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, consoleWithRoot, settingOf } from '../support/console-browser.ts';

describe('console: presets and explicit never / none', { timeout: 120_000 }, () => {
  let console: ConsoleHarness;
  let page: Page;
  beforeAll(async () => {
    console = await consoleWithRoot();
    page = console.page;
    const tenant = await console.lifespan.admin('POST', '/admin/v1/tenants', { id: 'acme', name: 'Acme' });
    expect(tenant.statusCode).toBe(201);
    await console.signIn('root');
  });
  afterAll(() => console.close());

  it('applies a preset as a diff to confirm, then sets never and none as choices of their own, and saves', async () => {
    await page.goto(`${console.baseUrl}/console/tenants/acme/policy`);
    const preset = page.getByRole('combobox', { name: 'Apply a preset' });
    await expect.poll(() => preset.isEnabled()).toBe(true);
    await preset.selectOption('api-only');
    const confirm = page.getByRole('dialog', { name: 'Apply the api-only preset to tenant acme?' });
    await expect.poll(() => confirm.isVisible()).toBe(true);
    expect(await confirm.getByRole('row').allTextContents()).toEqual([
      'SettingBeforeAfter',
      'accessTokenTtlinherited1 hour',
      'refreshTokenEnabledinheritedoff',
    ]);
    expect(await console.accessibilityProblems()).toEqual([]);
    await confirm.getByRole('button', { name: 'Apply to the draft' }).click();
    const access = settingOf(page, 'accessTokenTtl');
    await expect.poll(() => access.getByRole('radio', { name: 'Override' }).isChecked()).toBe(true);

    // the family's absolute lifetime: "never expires" is a choice of the unit list, not a 0
    await page.getByText('Refresh behaviour', { exact: true }).click();
    const family = settingOf(page, 'refreshTokenAbsoluteTtl');
    await family.getByRole('radio', { name: 'Override' }).check();
    await family
      .getByRole('combobox', { name: 'refreshTokenAbsoluteTtl at this level: unit' })
      .selectOption({ label: 'never expires' });
    expect(await family.getByRole('spinbutton').count()).toBe(0);

    await page.getByText('Sessions and accounts', { exact: true }).click();
    const idle = settingOf(page, 'sessionIdleTtl');
    await idle.getByRole('radio', { name: 'Override' }).check();
    await idle
      .getByRole('combobox', { name: 'sessionIdleTtl at this level: unit' })
      .selectOption({ label: 'none (no limit)' });

    await expect.poll(() => page.getByRole('button', { name: 'Review and save…' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Review and save…' }).click();
    const review = page.getByRole('dialog', { name: 'Review the change to tenant acme' });
    await expect.poll(() => review.getByRole('button', { name: 'Save' }).isEnabled()).toBe(true);
    await review.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Saved as policy version' }).isVisible())
      .toBe(true);
    const stored = await console.lifespan.admin('GET', '/admin/v1/tenants/acme/policy');
    expect(stored.json().policy).toEqual({
      accessTokenTtl: 3600,
      refreshTokenEnabled: false,
      refreshTokenAbsoluteTtl: 'never',
      sessionIdleTtl: 'none',
    });
    await console.screenshot('policy-presets');
    await console.checkAtPhoneWidth('policy-presets');
  });
});
