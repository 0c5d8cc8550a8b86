import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleApp, startExampleApp } from '../../../examples/browser-app/serve.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../../test/support/chromium.ts';
import { type ServedLifespan, servedLifespan } from '../../../test/support/served-lifespan.ts';

/**
 * Two tabs of the example app in Debian's Chromium, sharing one login in localStorage, with refresh-token
 * rotation on: asking at the same instant makes one refresh, and both tabs go on working; a rotated refresh
 * token spent again after the grace window ends the session in both.
 */

const PASSWORD = 'correct horse battery';
const GRACE_SECONDS = 30;

describe('@lifespan/client in two browser tabs', { timeout: 120_000 }, () => {
  let app: ExampleApp;
  let served: ServedLifespan;
  let browser: Browser;
  let context: BrowserContext;
  let tabA: Page;
  let tabB: Page;
  const refreshes: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    app = await startExampleApp(0);
    served = await servedLifespan({
      CORS_ORIGINS: app.origin,
      REFRESH_TOKEN_REUSE_INTERVAL: String(GRACE_SECONDS),
    });
    const admin = async (url: string, body: Record<string, unknown>) => {
      const response = await served.lifespan.admin('POST', url, body);
      if (response.statusCode !== 201) throw new Error(`${url}: ${response.body}`);
    };
    await admin('/admin/v1/tenants', { id: 'acme', name: 'Acme' });
    await admin('/admin/v1/clients', {
      id: 'app',
      tenantId: 'acme',
      name: 'App',
      firstParty: true,
      tokenEndpointAuthMethod: 'none',
      grantTypes: ['refresh_token'],
    });
    await admin('/admin/v1/users', { tenantId: 'acme', username: 'alice', password: PASSWORD });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext();
    context.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/oauth2/token') {
        refreshes.push(request.postData() ?? '');
      }
    });
    // the tabs' clock is Playwright's, moved forward by the test (the server keeps its own manual clock)
    await context.clock.install({ time: Date.now() });
    const address = `${app.origin}/?issuer=${encodeURIComponent(served.issuer)}&client_id=app&auto_refresh=off`;
    tabA = await context.newPage();
    tabB = await context.newPage();
    for (const tab of [tabA, tabB]) {
      tab.setDefaultTimeout(20_000);
      tab.on('pageerror', (error) => problems.push(error.message));
      await tab.goto(address);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await served?.lifespan.close();
    await app?.close();
  });

  const status = (tab: Page) => tab.getByRole('status').textContent();
  const events = (tab: Page) => tab.getByRole('listitem').allTextContents();

  it('signs in in one tab; the other tab shares the login', async () => {
    await expect.poll(() => status(tabA)).toBe('Signed out');
    await tabA.getByLabel('Username').fill('alice');
    await tabA.getByLabel('Password').fill(PASSWORD);
    await tabA.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => status(tabA)).toMatch(/^Signed in as [\w-]+$/);
    await expect.poll(() => status(tabB)).toBe(await status(tabA));
    expect(refreshes).toEqual([]);
  });

  it('asking in both tabs at the same instant makes exactly one refresh, and both tabs keep working', async () => {
    // 59 min 30 s later in the tabs: 30 s left, under the 60 s refresh skew
    await context.clock.fastForward('59:30');
    await Promise.all([
      tabA.getByRole('button', { name: 'Ask the server who I am' }).click(),
      tabB.getByRole('button', { name: 'Ask the server who I am' }).click(),
    ]);
    for (const tab of [tabA, tabB]) {
      await expect
        .poll(() => tab.locator('#answer').textContent())
        .toMatch(/^The server says: you are alice, with a token that ends in 3600 s\.$/);
    }
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toMatch(/^refresh_token=[\w-]+&grant_type=refresh_token&client_id=app$/);
    await expect.poll(() => events(tabA)).toContain('tokenRefreshed');
    await expect.poll(() => events(tabB)).toContain('tokenRefreshed');
    expect(problems).toEqual([]);
  });

  it('a rotated refresh token spent again after the grace window ends the session in both tabs', async () => {
    const key = `lifespan:${served.issuer}:app`;
    // a stale copy of the session from before the refresh (a restored backup, a copied profile)
    const current = JSON.parse(String(await tabB.evaluate(`localStorage.getItem(${JSON.stringify(key)})`)));
    const firstRefresh = new URLSearchParams(refreshes[0]).get('refresh_token');
    const stale = { ...current, refreshToken: firstRefresh, expiresAt: 0 };
    await tabB.evaluate(
      `localStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(JSON.stringify(stale))})`,
    );
    served.lifespan.clock.advance(GRACE_SECONDS + 1);
    await tabB.getByRole('button', { name: 'Ask the server who I am' }).click();
    await expect.poll(() => events(tabB)).toContain('sessionEnded: refresh_rejected');
    await expect.poll(() => status(tabB)).toBe('Signed out');
    await expect.poll(() => tabB.locator('#answer').textContent()).toBe('No token: sign in again.');
    await expect.poll(() => status(tabA)).toBe('Signed out');
    expect(await events(tabA)).toContain('sessionEnded: logged_out');
    expect(refreshes).toHaveLength(2);
  });
});
