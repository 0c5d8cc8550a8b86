import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, consoleWithRoot } from '../support/console-browser.ts';

const SLOW = 120_000;
const MINUTE = 60;
const DAY = 86_400;
const WEB = { level: 'client', id: 'web' };

describe('console: lifetime timeline', { timeout: 120_000 }, () => {
  let console: ConsoleHarness;

  beforeAll(async () => {
    console = await consoleWithRoot();
    const setUp = async (url: string, body: object) => {
      const response = await console.lifespan.admin('POST', url, body);
      expect(response.statusCode).toBe(201);
    };
    await setUp('/admin/v1/tenants', { id: 'acme', name: 'Acme' });
    await setUp('/admin/v1/clients', {
      id: 'web',
      tenantId: 'acme',
      name: 'Web shop',
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['https://shop.example/cb'],
      policy: {
        accessTokenTtl: '15m',
        refreshTokenTtl: '1d',
        refreshTokenExpiration: 'sliding',
        refreshTokenAbsoluteTtl: '7d',
      },
    });
  }, SLOW);
  afterAll(() => console.close());

  it(
    'shows a login refreshed every 10 minutes for 2 days ending 3 days after login: 1 day of sliding idle window after the last refresh',
    async () => {
      const { page } = console;
      await console.signIn('root');
      await page.getByRole('link', { name: 'Timeline' }).click();
      await page.getByLabel('Client', { exact: true }).selectOption('web');
      await page.getByLabel('Refresh every', { exact: true }).fill('10');
      await page.getByLabel('Refresh every, unit').selectOption('m');
      await page.getByLabel('Active for', { exact: true }).fill('2');
      await page.getByLabel('Active for, unit').selectOption('d');
      await page.getByRole('button', { name: 'Simulate' }).click();
      await expect
        .poll(() => new URL(page.url()).search)
        .toBe(
          '?tenantId=acme&clientId=web&loginFlow=authorizationCode&refreshEvery=10m&activeFor=2d&horizon=30d',
        );

      // the figures the page must show, from the API's own answer for the same login
      const answer = (
        await console.lifespan.admin('POST', '/admin/v1/policy/simulate', {
          context: { tenantId: 'acme', clientId: 'web' },
          scenario: { loginFlow: 'authorizationCode', refreshEvery: '10m', activeFor: '2d', horizon: '30d' },
        })
      ).json();
      expect([answer.loginEndsAt, answer.loginEndReason]).toEqual([
        3 * DAY,
        { reason: 'lifetime', setting: 'refreshTokenTtl', source: WEB },
      ]);
      const refreshes = answer.events.filter((e: { kind: string }) => e.kind === 'refresh');
      expect([refreshes.length, refreshes.at(-1).at]).toEqual([288, 2 * DAY]);
      const kinds = (kind: string) => answer.pieces.filter((p: { kind: string }) => p.kind === kind);
      expect([kinds('accessToken').length, kinds('refreshToken').length]).toEqual([289, 289]);
      expect(kinds('refreshToken').at(-1)).toEqual({
        kind: 'refreshToken',
        startsAt: 2 * DAY,
        endsAt: 3 * DAY,
        endedBy: { reason: 'lifetime', setting: 'refreshTokenTtl', source: WEB },
      });
      expect(kinds('accessToken').at(-1).endsAt).toBe(2 * DAY + 15 * MINUTE);

      const summary = page.locator('.timeline-summary');
      await expect
        .poll(() => summary.textContent())
        .toBe(
          "This login ends after 3 days: the refresh token's lifetime (refreshTokenTtl, set by client web).",
        );
      expect(await page.getByText('The app refreshed').textContent()).toBe(
        'The app refreshed 288 times, every 10 minutes, the last 2 days after login; the login ends 1 day after that.',
      );

      // the picture: described for screen readers, one bar per token, the end marked
      const chart = page.getByRole('img', { name: 'Timeline of the login' });
      expect(await chart.getAttribute('aria-describedby')).not.toBeNull();
      expect(await chart.locator('desc').textContent()).toBe(
        "This login ends after 3 days: the refresh token's lifetime (refreshTokenTtl, set by client web). " +
          'Time runs from the login to the right; the table below lists every piece in words.',
      );
      expect(await chart.locator('.tl-bar-accessToken rect').count()).toBe(289);
      expect(await chart.locator('.tl-bar-refreshToken rect').count()).toBe(289);
      expect(await chart.locator('.tl-end text').textContent()).toBe('login ends: 3 days');
      expect(await chart.locator('.tl-row-label').allTextContents()).toEqual([
        'Refreshes (288)',
        'Authorization code',
        'Access tokens (289)',
        'Refresh tokens (289)',
        'Refresh family',
        'Login session',
        'Account',
      ]);
      // the family ends after the drawing, the session and the account never: both run off the right edge
      expect(await chart.locator('.tl-piece-label').allTextContents()).toEqual([
        '10 minutes',
        'ends 1 week after login',
        'never ends',
        'never ends',
      ]);
      expect(await chart.locator('.tl-tick').allTextContents()).toEqual([
        'login',
        '12 h',
        '1 d',
        '1 d 12 h',
        '2 d',
        '2 d 12 h',
        '3 d',
      ]);

      // the same in words, alike tokens as one row
      const table = page.getByRole('table', {
        name: 'Every piece of the login, when it starts and ends, and what ends it',
      });
      expect(await table.locator('tbody tr').allInnerTexts()).toEqual([
        "Authorization code\tat login\t10 minutes after login (lasts 10 minutes)\tthe authorization code's lifetime (authorizationCodeTtl, set by the built-in default)",
        "Access tokens 1–289\tat login, then every 10 minutes until 2 days after login\teach 15 minutes after it starts; the last 2 days 15 minutes after login\tthe access token's lifetime (accessTokenTtl, set by client web)",
        'Refresh tokens 1–288\tat login, then every 10 minutes until 1 day 23 hours 50 minutes after login\teach 10 minutes after it starts; the last 2 days after login\trotation: the next refresh replaced it',
        "Refresh token 289\t2 days after login\t3 days after login (lasts 1 day)\tthe refresh token's lifetime (refreshTokenTtl, set by client web)",
        "Refresh family\tat login\t1 week after login (lasts 1 week)\tthe refresh family's absolute end (refreshTokenAbsoluteTtl, set by client web)",
        'Login session\tat login\tnever\tnothing: it never ends',
        'Account\tat login\tnever\tnothing: it never ends',
      ]);
      expect(await console.accessibilityProblems()).toEqual([]);
      await console.screenshot('timeline-desktop');

      await page.getByLabel('List all 582 pieces one by one').check();
      await expect.poll(() => table.locator('tbody tr').count()).toBe(582);
      await page.getByLabel('List all 582 pieces one by one').uncheck();

      await page.setViewportSize({ width: 390, height: 844 });
      // drawn at the width it has, row labels above the bars, and nothing wider than the phone
      await expect.poll(async () => Number(await chart.getAttribute('width'))).toBeLessThan(390);
      expect(Number(await chart.getAttribute('width'))).toBe(
        await chart.evaluate((svg) => svg.parentElement?.clientWidth),
      );
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(390);
      expect(await chart.locator('.tl-row-label').first().getAttribute('text-anchor')).toBe('start');
      expect(await console.accessibilityProblems()).toEqual([]);
      await console.screenshot('timeline-phone');
      await page.setViewportSize({ width: 1280, height: 860 });
    },
    SLOW,
  );

  it(
    'names the field the server refuses',
    async () => {
      const { page } = console;
      await page.getByLabel('Horizon', { exact: true }).fill('500');
      await page.getByLabel('Horizon, unit').selectOption('d');
      await page.getByRole('button', { name: 'Simulate' }).click();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toBe(
          'This login cannot be simulatedthe scenario is not valid' +
            'scenario.horizon: expected 1 s to 34560000 s (400 days), got 43200000 s',
        );
      expect(await page.getByLabel('Horizon', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      expect(await console.accessibilityProblems()).toEqual([]);
    },
    SLOW,
  );
});
