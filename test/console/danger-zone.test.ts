import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeRequest,
  REDIRECT_URI,
  UserAgent,
  VERIFIER,
  webClientAndUser,
} from '../support/browser-login.ts';
import { createAdministrator } from '../support/console-admin.ts';
import { type ConsoleHarness, consoleWithRoot } from '../support/console-browser.ts';
import { basic } from '../support/lifespan.ts';

describe('console: the danger zone', { timeout: 120_000 }, () => {
  let console: ConsoleHarness;
  let page: Page;
  let secret: string;

  /** A form POST to an OAuth endpoint over HTTP, authenticated as the client `reports`. */
  const asReports = async (path: string, fields: Record<string, string>) => {
    const response = await fetch(`${console.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic('reports', secret) },
      body: new URLSearchParams(fields),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    console = await consoleWithRoot();
    page = console.page;
    const { lifespan } = console;
    const setup = await webClientAndUser(lifespan);
    await lifespan.admin('POST', '/admin/v1/tenants', { id: 'acme-eu', name: 'Acme EU', parentId: 'acme' });
    await lifespan.admin('POST', '/admin/v1/tenants', { id: 'globex', name: 'Globex' });
    const reports = await lifespan.admin('POST', '/admin/v1/clients', {
      id: 'reports',
      tenantId: 'acme',
      name: 'Reports',
    });
    secret = reports.json().clientSecret;
    // alice signs in to the web client: a session and a refresh-token family under tenant acme
    const agent = new UserAgent(lifespan);
    const redirect = await agent.authorize(codeRequest('web'), setup);
    const exchanged = await lifespan.form(
      '/oauth2/token',
      {
        grant_type: 'authorization_code',
        code: redirect.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT_URI,
        code_verifier: VERIFIER,
      },
      basic('web', setup.secret),
    );
    expect(exchanged.statusCode).toBe(200);
    await lifespan.admin('POST', '/admin/v1/tenants', { id: 'ops', name: 'Ops' });
    await createAdministrator(lifespan, 'ada', 'acme');
    await console.signIn('root');
  });
  afterAll(() => console.close());

  it("expires a tenant's tokens after showing what ends and the tenant's id is typed: its token turns inactive", async () => {
    const issued = await asReports('/oauth2/token', { grant_type: 'client_credentials' });
    const token = String(issued.access_token);
    expect(await asReports('/oauth2/introspect', { token })).toEqual(
      expect.objectContaining({ active: true, client_id: 'reports', tid: 'acme' }),
    );

    await page.getByRole('link', { name: 'Danger zone' }).click();
    await page.getByRole('radio', { name: /^A tenant/ }).check();
    await page.getByLabel('Tenant', { exact: true }).selectOption('acme');
    await page.getByRole('button', { name: 'Expire tokens…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Expire every token of tenant Acme (acme)?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('listitem').allTextContents()).toEqual([
      'Every access token and ID token issued in the tenant and its sub-tenants until now: introspection answers them inactive and the service refuses them.',
      '1 live refresh-token family: its refresh tokens stop working, so applications must sign their users in again.',
      '1 live session: the next sign-in asks for the password again.',
    ]);
    const confirm = dialog.getByRole('button', { name: 'Expire tokens' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type acme to confirm').fill('acme');
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('danger-zone');
    await console.checkAtPhoneWidth('danger-zone');
    await confirm.click();

    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Every token of' }).textContent())
      .toMatch(/^Every token of tenant Acme \(acme\) issued before .+ has ended\.$/);
    expect(await asReports('/oauth2/introspect', { token })).toEqual({ active: false });
    // what is issued from now on lives
    const fresh = await asReports('/oauth2/token', { grant_type: 'client_credentials' });
    expect(await asReports('/oauth2/introspect', { token: String(fresh.access_token) })).toEqual(
      expect.objectContaining({ active: true }),
    );
    expect(await console.accessibilityProblems()).toEqual([]);
  });

  it('says what a client’s expiry leaves alone, and nothing changes when cancelled', async () => {
    const issued = await asReports('/oauth2/token', { grant_type: 'client_credentials' });
    await page.getByRole('radio', { name: /^A client/ }).check();
    await page.getByLabel('Client', { exact: true }).selectOption('reports');
    await page.getByRole('button', { name: 'Expire tokens…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Expire every token of client Reports (reports)?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('listitem').allTextContents()).toEqual([
      'Every access token and ID token issued to the client until now: introspection answers them inactive and the service refuses them.',
      '0 live refresh-token families: their refresh tokens stop working, so applications must sign their users in again.',
      'No session: a login session is the user’s, not one client’s, and stays.',
    ]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await dialog.isVisible()).toBe(false);
    expect(await asReports('/oauth2/introspect', { token: String(issued.access_token) })).toEqual(
      expect.objectContaining({ active: true }),
    );
  });

  it("shows the server's words when the level is gone", async () => {
    await page.getByRole('radio', { name: /^A tenant/ }).check();
    await page.getByLabel('Tenant', { exact: true }).selectOption('ops');
    await console.lifespan.admin('DELETE', '/admin/v1/tenants/ops');
    await page.getByRole('button', { name: 'Expire tokens…' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('What it would end could not be countedtenant ops does not exist');
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('a tenant administrator chooses among their tenants and clients only, never the service', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await console.signIn('ada');
    await page.getByRole('link', { name: 'Danger zone' }).click();
    const levels = page.getByRole('group', { name: 'What to expire' }).getByRole('radio');
    await expect.poll(() => levels.count()).toBe(2);
    expect(await page.getByRole('radio', { name: /^The whole service/ }).count()).toBe(0);
    expect(await page.getByRole('radio', { name: /^A tenant/ }).isChecked()).toBe(true);
    await expect
      .poll(() => page.getByLabel('Tenant', { exact: true }).locator('option').allTextContents())
      .toEqual(['Choose a tenant', 'Acme (acme)', '\u00a0\u00a0\u00a0Acme EU (acme-eu)']);
    await page.getByRole('radio', { name: /^A client/ }).check();
    await expect
      .poll(() => page.getByLabel('Client', { exact: true }).locator('option').allTextContents())
      .toEqual(['Choose a client', 'Reports (reports) · tenant acme', 'Web (web) · tenant acme']);
    expect(await console.accessibilityProblems()).toEqual([]);
  });
});
