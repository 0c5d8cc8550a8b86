import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeRequest, REDIRECT_URI, UserAgent, VERIFIER } from '../support/browser-login.ts';
import { type ConsoleHarness, consoleWithRoot, settingOf } from '../support/console-browser.ts';
import { basic } from '../support/lifespan.ts';

/**
 * Users in the console: listed by tenant, searched by the beginning of the username, paged; created, edited and
 * deleted; locked by failed logins and unlocked; their password reset, their tokens expired; their login sessions
 * and refresh-token families seen and ended.
 */

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new horse battery';
const REFRESH_REFUSED = {
  error: 'invalid_grant',
  error_description: 'the refresh token is invalid, expired or revoked',
};

describe('console: users', { timeout: 240_000 }, () => {
  let console: ConsoleHarness;
  let page: Page;
  let webSecret = '';
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    console = await consoleWithRoot();
    page = console.page;
    const admin = async (method: 'POST' | 'PUT', url: string, body: Record<string, unknown>) => {
      const response = await console.lifespan.admin(method, url, body);
      if (response.statusCode >= 300) throw new Error(`${url}: ${response.body}`);
      return response.json() as Record<string, string>;
    };
    await admin('POST', '/admin/v1/tenants', { id: 'acme', name: 'Acme' });
    await admin('POST', '/admin/v1/tenants', { id: 'globex', name: 'Globex' });
    await admin('POST', '/admin/v1/clients', {
      id: 'app',
      tenantId: 'acme',
      name: 'Acme App',
      firstParty: true,
      grantTypes: ['refresh_token'],
      scopes: ['read'],
      tokenEndpointAuthMethod: 'none',
    });
    const web = await admin('POST', '/admin/v1/clients', {
      id: 'web',
      tenantId: 'acme',
      name: 'Acme Web',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'profile'],
      redirectUris: [REDIRECT_URI],
    });
    webSecret = web.clientSecret ?? '';
    // a small lockout: two failures lock a device, one device lock locks the user
    await admin('PUT', '/admin/v1/tenants/acme/policy', {
      deviceMaxFailures: 2,
      deviceFailureWindow: '10m',
      deviceLockDuration: '15m',
      userMaxDeviceLocks: 1,
      userLockDuration: '1h',
    });
    for (const username of ['alice', 'alicia', 'bob']) {
      ids[username] =
        (await admin('POST', '/admin/v1/users', { tenantId: 'acme', username, password: PASSWORD })).id ?? '';
    }
    for (let n = 1; n <= 22; n++) {
      const username = `guest-${String(n).padStart(2, '0')}`;
      await admin('POST', '/admin/v1/users', { tenantId: 'globex', username });
    }
    await console.signIn('root');
  });
  afterAll(() => console.close());

  const heading = () => page.getByRole('heading', { level: 1 }).textContent();
  const usernames = () => page.locator('tbody tr td:first-child a').allTextContents();
  /** An instant as the console shows it: the browser's locale and time zone. */
  const shown = (iso: string): Promise<string> =>
    page.evaluate(
      (value) => new Date(value).toLocaleString([], { dateStyle: 'medium', timeStyle: 'medium' }),
      iso,
    );
  const apiLogin = (username: string, password: string, device: string) =>
    console.lifespan.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { client_id: 'app', username, password, device_id: device },
    });
  const tab = (name: string) => page.getByRole('navigation', { name: /^User / }).getByRole('link', { name });

  it('lists the users of the tenant in the address, finds them by the beginning of the username, pages', async () => {
    await page.goto(`${console.baseUrl}/console/users?tenant=acme`);
    await expect.poll(heading).toBe('Users');
    expect(await page.getByRole('combobox', { name: 'Tenant', exact: true }).inputValue()).toBe('acme');
    await expect.poll(async () => (await usernames()).sort()).toEqual(['alice', 'alicia', 'bob']);
    expect(
      await page
        .getByRole('row', { name: new RegExp(`^alice ${ids.alice} Acme \\(acme\\) user not locked `) })
        .isVisible(),
    ).toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('users');
    await console.checkAtPhoneWidth('users');

    await page.getByRole('searchbox', { name: 'Username' }).fill('ALI');
    await expect.poll(async () => (await usernames()).sort()).toEqual(['alice', 'alicia']);
    await page.getByRole('searchbox', { name: 'Username' }).fill('carl');
    await expect.poll(() => page.getByText('No username begins with what you typed.').isVisible()).toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);

    await page.getByRole('searchbox', { name: 'Username' }).fill('');
    await page.getByRole('combobox', { name: 'Tenant', exact: true }).selectOption('globex');
    await expect.poll(() => page.url()).toBe(`${console.baseUrl}/console/users?tenant=globex`);
    await expect.poll(async () => (await usernames()).length).toBe(20);
    const first = await usernames();
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => page.getByText('Page 2', { exact: true }).isVisible()).toBe(true);
    await expect.poll(async () => (await usernames()).length).toBe(2);
    const second = await usernames();
    expect([...first, ...second].sort()).toEqual(
      Array.from({ length: 22 }, (_, i) => `guest-${String(i + 1).padStart(2, '0')}`),
    );
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(usernames).toEqual(first);
  });

  it('creates a user through the New user dialog, edits and deletes them', async () => {
    await page.goto(`${console.baseUrl}/console/users?tenant=acme`);
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    expect(await dialog.getByLabel('Tenant', { exact: true }).inputValue()).toBe('acme');
    await dialog.getByLabel('Username').fill('carol');
    await dialog.getByLabel('Password').fill('short');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect
      .poll(() => dialog.locator('.field-error').allTextContents())
      .toEqual(['use 8 to 1024 characters']);
    expect(await dialog.getByRole('alert').locator('strong').textContent()).toBe('The user was not created');
    expect(await console.accessibilityProblems()).toEqual([]);

    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByLabel('Subject class').selectOption('user');
    await dialog.getByLabel('Valid until').fill('2099-12-31T23:30');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect.poll(heading).toBe('User carol');
    const carolId = decodeURIComponent(page.url().split('/users/')[1] ?? '');
    const stored = (await console.lifespan.admin('GET', `/admin/v1/users/${carolId}`)).json();
    const validUntil = await page.evaluate(() => new Date('2099-12-31T23:30').toISOString());
    expect(stored).toMatchObject({
      tenantId: 'acme',
      username: 'carol',
      subjectClass: 'user',
      hasPassword: true,
      validUntil,
    });
    expect(await page.getByLabel('Valid until').inputValue()).toBe('2099-12-31T23:30');
    expect(await console.accessibilityProblems()).toEqual([]);

    await page.getByLabel('Username').fill('caroline');
    await page.getByLabel('Valid until').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).isVisible()).toBe(true);
    await expect.poll(heading).toBe('User caroline');
    expect((await console.lifespan.admin('GET', `/admin/v1/users/${carolId}`)).json()).toMatchObject({
      username: 'caroline',
      validUntil: null,
    });

    await page.getByRole('button', { name: 'Delete user' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete user caroline?' });
    expect(await confirm.getByRole('button', { name: 'Delete user' }).isDisabled()).toBe(true);
    await confirm.getByLabel('Type caroline to confirm').fill('caroline');
    await confirm.getByRole('button', { name: 'Delete user' }).click();
    await expect.poll(heading).toBe('Users');
    expect(page.url()).toBe(`${console.baseUrl}/console/users?tenant=acme`);
    expect((await console.lifespan.admin('GET', `/admin/v1/users/${carolId}`)).statusCode).toBe(404);
  });

  it('shows a user locked by failed logins, with the device locks behind it; Unlock lets the right password in', async () => {
    expect((await apiLogin('alice', 'wrong password 1', 'phone-8')).statusCode).toBe(400);
    expect((await apiLogin('alice', 'wrong password 1', 'phone-7')).statusCode).toBe(400);
    expect((await apiLogin('alice', 'wrong password 2', 'phone-7')).statusCode).toBe(400);
    const refused = await apiLogin('alice', PASSWORD, 'phone-9');
    expect(refused.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'too many failed logins: try again later',
    });
    const lock = (await console.lifespan.admin('GET', `/admin/v1/users/${ids.alice}/lock`)).json() as {
      lockedAt: string;
      lockedUntil: string;
      deviceLocks: { lockedAt: string; lockedUntil: string }[];
    };

    // the lock was made behind the console's back: the list is loaded afresh
    await page.goto(`${console.baseUrl}/console/users?tenant=acme`);
    const aliceRow = page.getByRole('row', { name: new RegExp(`^alice ${ids.alice} `) });
    await expect.poll(() => aliceRow.getByText('Locked', { exact: true }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'alice', exact: true }).click();
    await expect.poll(heading).toBe('User alice');
    await tab('Security').click();
    const summary = page
      .locator('section', { has: page.getByRole('heading', { name: 'Lock' }) })
      .locator('p')
      .first();
    await expect
      .poll(() => summary.textContent())
      .toBe(
        `Locked until ${await shown(lock.lockedUntil)} (since ${await shown(lock.lockedAt)}): no login succeeds from any device, and their sessions and tokens have ended.`,
      );
    const devices = page.getByRole('table', { name: 'Devices with failed logins or a lock' });
    const [deviceLock] = lock.deviceLocks;
    expect(await devices.getByRole('row').allTextContents()).toEqual([
      'DeviceFailures in the windowDevice lock',
      `phone-70locked until ${await shown(deviceLock?.lockedUntil ?? '')} (since ${await shown(deviceLock?.lockedAt ?? '')})`,
      'phone-81not locked',
    ]);
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('user-security');
    await console.checkAtPhoneWidth('user-security');

    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Unlocked' }).textContent())
      .toBe('Unlocked: the user may log in again from every device.');
    await expect
      .poll(() => summary.textContent())
      .toBe('Not locked The user may log in, except from a locked device below.');
    expect(
      await page.getByText('No device has failed logins in its current window or a lock.').isVisible(),
    ).toBe(true);
    expect(await page.getByRole('button', { name: 'Unlock' }).count()).toBe(0);
    expect((await apiLogin('alice', PASSWORD, 'phone-7')).statusCode).toBe(200);
  });

  it('resets the password: the new one logs in, the old one is refused', async () => {
    // each step a minute after the last, as a person works: a not-before ends only what was issued before it
    await console.advance(60);
    await page.getByRole('button', { name: 'Reset password…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset the password of alice' });
    await dialog.getByLabel('New password').fill(NEW_PASSWORD);
    expect(await console.accessibilityProblems()).toEqual([]);
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'The password was reset.' }).isVisible())
      .toBe(true);
    expect(await dialog.isVisible()).toBe(false);
    expect((await apiLogin('alice', PASSWORD, 'phone-1')).json()).toEqual({
      error: 'invalid_grant',
      error_description: 'invalid username or password',
    });
    expect((await apiLogin('alice', NEW_PASSWORD, 'phone-1')).statusCode).toBe(200);
  });

  it('shows the session and refresh family of a real login; Revoke makes the refresh token invalid_grant; End logs out', async () => {
    await console.advance(60);
    const agent = new UserAgent(console.lifespan);
    const redirect = await agent.authorize(codeRequest('web'), { username: 'alice', password: NEW_PASSWORD });
    const exchanged = await console.lifespan.form(
      '/oauth2/token',
      {
        grant_type: 'authorization_code',
        code: redirect.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT_URI,
        code_verifier: VERIFIER,
      },
      basic('web', webSecret),
    );
    expect(exchanged.statusCode, exchanged.body).toBe(200);
    const refreshToken = exchanged.json().refresh_token as string;
    const sessions = (await console.lifespan.admin('GET', `/admin/v1/users/${ids.alice}/sessions`)).json()
      .items as {
      createdAt: string;
    }[];
    expect(sessions).toHaveLength(1);

    await tab('Sessions').click();
    const sessionRows = page.getByRole('table', { name: 'Live login sessions' }).locator('tbody tr');
    await expect.poll(() => sessionRows.count()).toBe(1);
    const began = await shown(sessions[0]?.createdAt ?? '');
    expect(await sessionRows.locator('td').first().textContent()).toBe(began);
    const families = page.getByRole('table', { name: 'Live refresh-token families' });
    const webFamily = families.getByRole('row', { name: /^web openid profile / });
    await expect.poll(() => webFamily.isVisible()).toBe(true);
    expect(await families.getByRole('row', { name: /^app read / }).isVisible()).toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('user-sessions');
    await console.checkAtPhoneWidth('user-sessions');

    await webFamily.getByRole('button', { name: /^Revoke/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke this refresh-token family?' });
    expect(
      await confirm.getByText('The refresh token that web holds for the user stops working').isVisible(),
    ).toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);
    await confirm.getByRole('button', { name: 'Revoke family' }).click();
    await expect.poll(() => webFamily.count()).toBe(0);
    expect(
      await page.getByRole('status').filter({ hasText: 'The refresh-token family was revoked.' }).isVisible(),
    ).toBe(true);
    const refreshed = await console.lifespan.form(
      '/oauth2/token',
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      basic('web', webSecret),
    );
    expect({ status: refreshed.statusCode, body: refreshed.json() }).toEqual({
      status: 400,
      body: REFRESH_REFUSED,
    });

    await sessionRows.first().getByRole('button', { name: /^End/ }).click();
    const end = page.getByRole('dialog', { name: 'End this login session?' });
    expect(await end.getByText(`The session that began ${began} ends as a logout would`).isVisible()).toBe(
      true,
    );
    await end.getByRole('button', { name: 'End session' }).click();
    await expect
      .poll(() => page.getByText('No live login session: the user is signed in to no browser.').isVisible())
      .toBe(true);
    const again = await agent.get(
      `/oauth2/authorize?${new URLSearchParams(codeRequest('web', { state: 'again' }))}`,
    );
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('action="/oauth2/authorize/login"');
    expect(await console.accessibilityProblems()).toEqual([]);
  });

  it('expires every token of the user after a confirm that spells out the consequence', async () => {
    const app = (await apiLogin('alice', NEW_PASSWORD, 'phone-1')).json() as { refresh_token: string };
    await console.advance(60);
    await tab('Security').click();
    await page.getByRole('button', { name: 'Expire tokens…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Expire every token of alice?' });
    expect(await confirm.locator('p').textContent()).toBe(
      'Every access token and refresh token the user holds now stops working at once, at every client, and their login sessions end: each app must have them sign in again. Tokens issued afterwards are not affected. This cannot be undone.',
    );
    expect(await console.accessibilityProblems()).toEqual([]);
    await confirm.getByRole('button', { name: 'Expire tokens' }).click();
    const done = page.getByRole('status').filter({ hasText: 'has expired' });
    await expect.poll(() => done.isVisible()).toBe(true);
    const { accessNotBefore } = (
      await console.lifespan.admin('GET', `/admin/v1/users/${ids.alice}`)
    ).json() as {
      accessNotBefore: string;
    };
    expect(await done.textContent()).toBe(
      `Every token issued until ${await shown(accessNotBefore)} has expired.`,
    );
    const refreshed = await console.lifespan.form('/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: app.refresh_token,
      client_id: 'app',
    });
    expect({ status: refreshed.statusCode, body: refreshed.json() }).toEqual({
      status: 400,
      body: REFRESH_REFUSED,
    });
  });

  it("saves a user's own override only after the server's dry run, and lists it in the user's history", async () => {
    const bob = ids.bob ?? '';
    await page.goto(`${console.baseUrl}/console/users/${encodeURIComponent(bob)}/policy`);
    const access = settingOf(page, 'accessTokenTtl');
    await expect
      .poll(() => access.getByText('Inherits 1 hour from the built-in default').isVisible())
      .toBe(true);
    await access.getByRole('radio', { name: 'Override' }).check();
    await access.getByRole('spinbutton', { name: 'accessTokenTtl at this level' }).fill('15');
    await access.getByRole('combobox', { name: 'accessTokenTtl at this level: unit' }).selectOption('m');
    await expect.poll(() => page.getByRole('button', { name: 'Review and save…' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Review and save…' }).click();
    const review = page.getByRole('dialog', { name: `Review the change to user ${bob}` });
    await expect
      .poll(() =>
        review
          .getByRole('row', { name: /^user accessTokenTtl 1 hour \(the built-in default\) 15 minutes/ })
          .isVisible(),
      )
      .toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);
    await review.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Saved as policy version' }).isVisible())
      .toBe(true);
    const stored = await console.lifespan.admin('GET', `/admin/v1/users/${bob}/policy`);
    expect(stored.json().policy).toEqual({ accessTokenTtl: 900 });
    await tab('Policy history').click();
    await expect.poll(() => page.getByRole('heading', { level: 3, name: /^Version \d+$/ }).count()).toBe(1);
  });

  it("a user that does not exist: the server's words, not a blank page", async () => {
    await page.goto(`${console.baseUrl}/console/users/no-such-user`);
    const alert = page.getByRole('alert');
    await expect
      .poll(() => alert.textContent())
      .toBe('This could not be loadeduser no-such-user does not exist');
    expect(await console.accessibilityProblems()).toEqual([]);
  });
});
