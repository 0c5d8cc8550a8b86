import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.ts';
import { ADMIN_PASSWORD, bootstrapConsole, createAdministrator } from './console-admin.ts';
import { type TestLifespan, testLifespan } from './lifespan.ts';
import { freePort } from './server-process.ts';

const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-output/console');
/** The outermost elements that stick out past the right edge of the screen, outside any box that scrolls. */
const STICKING_OUT = `[...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > innerWidth + 1)
  .filter((e) => {
    for (let a = e.parentElement; a; a = a.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return false;
      if (a.getBoundingClientRect().right > innerWidth + 1) return false;
    }
    return true;
  })
  .map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))`;
const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

export interface ConsoleHarness {
  lifespan: TestLifespan;
  baseUrl: string;
  browser: Browser;
  page: Page;
  /** Opens the console and signs in through the server's login page. */
  signIn(username: string, password?: string): Promise<void>;
  /** Moves the server's clock and the page's clock together. */
  advance(seconds: number): Promise<void>;
  /** axe-core's serious and critical violations of the page as it is now. */
  accessibilityProblems(): Promise<string[]>;
  screenshot(name: string): Promise<void>;
  /**
   * The page as it is now on a phone (390 px): nothing wider than the screen (tables scroll in their own box),
   * no axe-core problem, and a screenshot `<name>-phone`; then back to the desktop width.
   */
  checkAtPhoneWidth(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real Lifespan listening on a loopback port (in this process, so its clock is the test's), serving the
 * built console, and Chromium driving it. The page's clock is installed at the server's time and moves with it.
 */
export async function consoleHarness(env: Record<string, string> = {}): Promise<ConsoleHarness> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const lifespan = await testLifespan({
    PORT: String(port),
    ISSUER: baseUrl,
    LIFESPAN_CONSOLE_ASSETS: inject('consoleAssets'),
    ...env,
  });
  lifespan.clock.set(Date.now());
  await bootstrapConsole(lifespan);
  await lifespan.app.listen({ port, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  // a locator that never appears fails its step, naming it, well within the test's own timeout
  page.setDefaultTimeout(20_000);
  await page.clock.install({ time: lifespan.clock.now() });
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(error.message));
  page.on('console', (message) => {
    // a refused request is logged by Chromium itself; the tests assert what the page makes of it
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      failures.push(message.text());
    }
  });

  const harness: ConsoleHarness = {
    lifespan,
    baseUrl,
    browser,
    page,
    async signIn(username, password = ADMIN_PASSWORD) {
      await page.goto(`${baseUrl}/console/`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // a locator's own wait: signIn also runs in beforeAll, where expect.poll may not
      await page.getByRole('navigation', { name: 'Console' }).waitFor({ state: 'visible' });
    },
    async advance(seconds) {
      lifespan.clock.advance(seconds);
      await page.clock.fastForward(seconds * 1000);
    },
    async accessibilityProblems() {
      await page.evaluate(AXE_SOURCE);
      const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
        violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
      };
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
    },
    async screenshot(name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async checkAtPhoneWidth(name) {
      await page.setViewportSize(PHONE);
      try {
        await harness.screenshot(`${name}-phone`);
        await expect.poll(() => page.evaluate<string[]>(STICKING_OUT)).toEqual([]);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(PHONE.width);
        expect(await harness.accessibilityProblems()).toEqual([]);
      } finally {
        await page.setViewportSize(DESKTOP);
      }
    },
    async close() {
      await browser.close();
      await lifespan.close();
      // a page that threw or logged an error fails the test that drove it, even when what it asserted passed
      expect(failures).toEqual([]);
    },
  };
  return harness;
}

/** The fieldset of one setting in the policy editor (its legend ends with the setting's name). */
export const settingOf = (page: Page, name: string): Locator =>
  page.getByRole('group', { name: new RegExp(`\\b${name}$`) });

/** A harness with a service administrator `root` already created. */
export async function consoleWithRoot(env: Record<string, string> = {}): Promise<ConsoleHarness> {
  const harness = await consoleHarness(env);
  await createAdministrator(harness.lifespan, 'root');
  return harness;
}
