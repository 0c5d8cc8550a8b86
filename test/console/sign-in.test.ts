import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONSOLE_SECURITY_HEADERS } from '../../src/http/console/console-routes.ts';
import { type ConsoleHarness, consoleWithRoot } from '../support/console-browser.ts';

describe('console: signing in and out', { timeout: 120_000 }, () => {
  let console: ConsoleHarness;
  beforeEach(async () => {
    console = await consoleWithRoot();
  });
  afterEach(() => console.close());

  it('shows its sign-in page, signs in through the server, and passes axe-core on both', async () => {
    const { page } = console;
    await page.goto(`${console.baseUrl}/console/`);
    await expect.poll(() => page.getByRole('heading', { name: 'Lifespan console' }).isVisible()).toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('sign-in');
    await console.signIn('root');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
    expect(await page.getByText('root · service administrator').isVisible()).toBe(true);
    expect(await console.accessibilityProblems()).toEqual([]);
    // tokens stay in memory
    expect(await page.evaluate('Object.keys(localStorage).length')).toBe(0);
    expect(await page.evaluate('Object.keys(sessionStorage).length')).toBe(0);
  });

  it('every page it serves carries a strict Content-Security-Policy, no framing, no sniffing, no referrer', async () => {
    const index = await fetch(`${console.baseUrl}/console/tenants/acme`);
    expect(index.status).toBe(200);
    const script = (await index.text()).match(/src="(\/console\/assets\/[^"]+\.js)"/)?.[1];
    const asset = await fetch(`${console.baseUrl}${script}`);
    const missing = await fetch(`${console.baseUrl}/console/assets/missing.js`);
    for (const response of [index, asset, missing]) {
      for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS)) {
        if (response !== missing || name !== 'content-security-policy')
          expect(response.headers.get(name)).toBe(value);
      }
    }
    expect(CONSOLE_SECURITY_HEADERS['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; " +
        "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(missing.status).toBe(404);
  });

  it('returns to its sign-in page when the administrators’ idle timeout ends the session', async () => {
    await console.lifespan.admin('PUT', '/admin/v1/tenants/_lifespan/policy', {
      subjectClasses: { admin: { sessionIdleTtl: '2m', sessionMaxTtl: '10h' } },
    });
    await console.signIn('root');
    const { page } = console;
    await console.advance(60);
    // the call the page makes is the activity; the clock moves on only once the server has answered it
    await Promise.all([
      page.waitForResponse((response) => new URL(response.url()).pathname === '/admin/v1/tenants'),
      page.getByRole('link', { name: 'Tenants' }).click(),
    ]);
    // the header says when the session ends if nothing more is done: 2 minutes after that call
    const idleEnd = await page.evaluate(
      `new Date(Date.now() + 120000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })`,
    );
    await expect
      .poll(() => page.locator('.session-clock').textContent())
      .toMatch(new RegExp(`^Session ends if idle at ${idleEnd} \\(Idle timeout 2 minutes, set by .+\\)$`));
    await console.advance(110);
    expect(await page.getByRole('navigation', { name: 'Console' }).isVisible()).toBe(true);
    await console.advance(15);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe(
        'Your console session has ended: it was idle too long or reached its maximum lifetime. Sign in again.',
      );
    expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    await console.screenshot('session-ended');
  });

  it('refreshes its access token with the refresh grant before it ends, and goes on working', async () => {
    await console.lifespan.admin('PUT', '/admin/v1/tenants/_lifespan/policy', {
      subjectClasses: { admin: { accessTokenTtl: '5m', sessionIdleTtl: '30m', sessionMaxTtl: '10h' } },
    });
    await console.signIn('root');
    const { page } = console;
    // 4 min 40 s later the token has 20 s left, under the console's 30 s margin: the next call (the overview
    // re-reads itself on a timer) refreshes it first
    const refreshing = page.waitForRequest((request) => new URL(request.url()).pathname === '/oauth2/token');
    await console.advance(280);
    const refresh = await refreshing;
    const form = new URLSearchParams(refresh.postData() ?? '');
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('client_id')).toBe('_lifespan-console');
    const answer = await refresh.response();
    expect(answer?.status()).toBe(200);
    // and the console goes on with the new token
    await page.getByRole('link', { name: 'Tenants' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tenants');
    await expect
      .poll(() => page.getByRole('table', { name: 'Tenants, each under its parent' }).isVisible())
      .toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('signs out: the login session ends and the sign-in page comes back', async () => {
    await console.signIn('root');
    await console.page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => console.page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    await console.page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => console.page.getByLabel('Username').isVisible()).toBe(true);
  });
});
