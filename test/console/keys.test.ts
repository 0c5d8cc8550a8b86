import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdministrator } from '../support/console-admin.ts';
import { type ConsoleHarness, consoleWithRoot } from '../support/console-browser.ts';

/** Each key's row as [kid, state]. */
const keyStates = async (page: Page) =>
  Promise.all(
    (await page.getByRole('table', { name: 'Signing keys, oldest first' }).getByRole('row').all())
      .slice(1)
      .map(async (row) => [
        (await row.getByRole('rowheader').textContent()) ?? '',
        (await row.getByRole('cell').first().textContent()) ?? '',
      ]),
  );

describe('console: the signing keys', { timeout: 120_000 }, () => {
  let console: ConsoleHarness;
  let page: Page;
  beforeAll(async () => {
    console = await consoleWithRoot();
    page = console.page;
    await console.lifespan.admin('POST', '/admin/v1/tenants', { id: 'acme', name: 'Acme' });
    await createAdministrator(console.lifespan, 'ada', 'acme');
    await console.signIn('root');
  });
  afterAll(() => console.close());

  it('rotates gracefully: the new key is published first, then signs while the old one retires', async () => {
    await page.getByRole('link', { name: 'Signing keys' }).click();
    // the rows are read inside the poll: a loaded machine may render the table more than once
    let first = '';
    await expect
      .poll(async () => {
        const states = await keyStates(page);
        first = states[0]?.[0] ?? '';
        return states.map(([, state]) => state);
      })
      .toEqual(['Active']);
    expect(first).toMatch(/^[\w-]{43}$/);

    await page.getByRole('button', { name: 'Rotate gracefully…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the RS256 key gracefully?' });
    expect(await dialog.getByRole('paragraph').allTextContents()).toEqual([
      'A new RS256 key is published in the key set now, and starts signing a few minutes later, once verifiers that cache the key set have it.',
      `The current key ${first} signs until then, and keeps verifying what it signed until the longest-lived token it may have signed has expired. Nothing anyone holds stops working.`,
    ]);
    expect(await console.accessibilityProblems()).toEqual([]);
    await dialog.getByRole('button', { name: 'Rotate gracefully' }).click();

    const outcome = page.getByRole('status').filter({ hasText: /^Key / });
    await expect.poll(() => outcome.isVisible()).toBe(true);
    const [old, second] = (await console.lifespan.admin('GET', '/admin/v1/keys')).json().items as {
      kid: string;
      activatesAt: string;
      publishedUntil: string;
    }[];
    const shown = (iso = '') =>
      page.evaluate(
        (value) => new Date(value).toLocaleString([], { dateStyle: 'medium', timeStyle: 'medium' }),
        iso,
      );
    expect(await outcome.textContent()).toBe(
      `Key ${second?.kid} is published and signs from ${await shown(second?.activatesAt)}. Key ${first} signs until then and verifies what it signed until ${await shown(old?.publishedUntil)}.`,
    );
    await expect
      .poll(() => keyStates(page))
      .toEqual([
        [first, 'Active, retiring'],
        [second?.kid, 'Next'],
      ]);

    // five minutes on, the key set's caches have the new key: it signs, and the old one only verifies
    await console.advance(300);
    await expect
      .poll(() => keyStates(page))
      .toEqual([
        [first, 'Retired'],
        [second?.kid, 'Active'],
      ]);
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('keys');
    await console.checkAtPhoneWidth('keys');
  });

  it('rotates by revoking only after the key is typed, and says what stops working', async () => {
    let current = '';
    await expect
      .poll(async () => {
        const states = await keyStates(page);
        current = states[1]?.[0] ?? '';
        return states.map(([, state]) => state);
      })
      .toEqual(['Retired', 'Active']);
    await page.getByRole('button', { name: 'Rotate and revoke…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the RS256 key and revoke the old one?' });
    expect(await dialog.getByRole('paragraph').allTextContents()).toEqual([
      'A new RS256 key signs from now.',
      `${current} is withdrawn at once: every ID token and access token it signed stops verifying now, and every refresh-token family whose latest access token it signed ends. Users sign in again and clients ask for new tokens. This cannot be undone.`,
      'Your own console sign-in was signed by it and ends too: you will be asked to sign in again.',
    ]);
    const confirm = dialog.getByRole('button', { name: 'Rotate and revoke' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(`Type ${current} to confirm`).fill('not the key');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(`Type ${current} to confirm`).fill(current);
    expect(await console.accessibilityProblems()).toEqual([]);
    await confirm.click();

    // the console's own tokens were signed by the revoked key: its next call is refused, and it says so
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Your sign-in is no longer valid. Sign in again.');
    // the browser's login session is not a token: signing in again asks for no password
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Signing keys' }).click();
    await expect.poll(() => keyStates(page)).toHaveLength(3);
    const [retired, revoked, fresh] = await keyStates(page);
    expect([retired?.[1], revoked, fresh?.[1]]).toEqual(['Retired', [current, 'Revoked'], 'Active']);
  });

  it("shows the server's refusal: a graceful rotation while a successor waits", async () => {
    await page.getByRole('button', { name: 'Rotate gracefully…' }).click();
    await page
      .getByRole('dialog', { name: 'Rotate the RS256 key gracefully?' })
      .getByRole('button', { name: 'Rotate gracefully' })
      .click();
    await expect.poll(() => keyStates(page)).toHaveLength(4);
    await page.getByRole('button', { name: 'Rotate gracefully…' }).click();
    await page
      .getByRole('dialog', { name: 'Rotate the RS256 key gracefully?' })
      .getByRole('button', { name: 'Rotate gracefully' })
      .click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/^The key was not rotateda RS256 key is already published and signs from \S+$/);
    expect(await console.accessibilityProblems()).toEqual([]);
  });

  it('is for service administrators: a tenant administrator is told so', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await console.signIn('ada');
    expect(await page.getByRole('link', { name: 'Signing keys' }).count()).toBe(0);
    await page.goto(`${console.baseUrl}/console/keys`);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('This could not be loadedonly a service administrator may do this');
    expect(await console.accessibilityProblems()).toEqual([]);
  });
});
