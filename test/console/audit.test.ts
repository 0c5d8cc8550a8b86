import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeRequest, hiddenFields, UserAgent, webClientAndUser } from '../support/browser-login.ts';
import { type ConsoleHarness, consoleWithRoot } from '../support/console-browser.ts';

interface AuditEvent {
  id: string;
  at: string;
  action: string;
  outcome: string;
  details: Record<string, unknown>;
}

/** The table's rows as [action, outcome, tenant]. */
const rows = async (page: Page) =>
  Promise.all(
    (await page.getByRole('table', { name: 'Audit events, newest first' }).getByRole('row').all())
      .slice(1)
      .map(async (row) => {
        const cells = await row.getByRole('cell').allTextContents();
        return [cells[1], cells[2], cells[4]];
      }),
  );

describe('console: the audit log', { timeout: 120_000 }, () => {
  let console: ConsoleHarness;
  let page: Page;
  beforeAll(async () => {
    console = await consoleWithRoot();
    page = console.page;
    const { lifespan } = console;
    const setup = await webClientAndUser(lifespan);
    const agent = new UserAgent(lifespan);
    // a second apart each: the log is newest first
    for (const password of ['wrong', 'also wrong']) {
      await console.advance(1);
      const form = await agent.get(`/oauth2/authorize?${new URLSearchParams(codeRequest('web'))}`);
      await agent.post('/oauth2/authorize/login', {
        ...hiddenFields(form.body),
        username: 'alice',
        password,
      });
    }
    await console.advance(1);
    await agent.authorize(codeRequest('web'), setup);
    // enough changes for a second page of the log
    for (let i = 0; i < 51; i++) {
      await console.advance(1);
      await lifespan.admin('PATCH', '/admin/v1/tenants/acme', { name: `Acme ${i}` });
    }
    await console.advance(1);
    await console.signIn('root');
  });
  afterAll(() => console.close());

  it('filters by action and by outcome, in the address, and opens an event with every field', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect.poll(async () => (await rows(page)).length).toBe(50);

    await page.getByLabel('Action').fill('login');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect
      .poll(() => rows(page))
      .toEqual([
        ['login', 'success', '_lifespan'],
        ['login', 'success', 'acme'],
        ['login', 'failure', 'acme'],
        ['login', 'failure', 'acme'],
      ]);
    expect(new URL(page.url()).search).toBe('?action=login');

    await page.getByLabel('Outcome').selectOption('failure');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rows(page)).toHaveLength(2);
    expect(new URL(page.url()).search).toBe('?action=login&outcome=failure');
    expect(await rows(page)).toEqual([
      ['login', 'failure', 'acme'],
      ['login', 'failure', 'acme'],
    ]);
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('audit');
    await console.checkAtPhoneWidth('audit');

    const [failure] = (
      await console.lifespan.admin('GET', '/admin/v1/audit?action=login&outcome=failure')
    ).json().items as AuditEvent[];
    await page
      .getByRole('button', { name: /^Details of login at / })
      .first()
      .click();
    const dialog = page.getByRole('dialog', { name: 'Audit event login' });
    expect(await dialog.getByRole('definition').nth(0).textContent()).toContain(failure?.at);
    expect(await dialog.getByRole('definition').nth(2).textContent()).toBe('failure');
    expect(await dialog.getByRole('definition').nth(8).textContent()).toBe(failure?.id);
    expect(await dialog.locator('pre').textContent()).toBe(JSON.stringify(failure?.details, null, 2));
    expect(Object.keys(failure?.details ?? {}).length).toBeGreaterThan(0);
    expect(await console.accessibilityProblems()).toEqual([]);
    await console.screenshot('audit-detail');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await dialog.isVisible()).toBe(false);
  });

  it('a linked view opens with its filters; a time range with nothing in it says so', async () => {
    await page.goto(`${console.baseUrl}/console/audit?action=login&outcome=failure`);
    // the reload resumes the sign-in first
    await page.getByRole('table', { name: 'Audit events, newest first' }).waitFor();
    await expect.poll(() => rows(page)).toHaveLength(2);
    expect(await page.getByLabel('Action').inputValue()).toBe('login');
    expect(await page.getByLabel('Outcome').inputValue()).toBe('failure');

    const tomorrow = new Date(console.lifespan.clock.now() + 86_400_000);
    const local = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}T09:30`;
    await page.getByLabel('From').fill(local);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.getByText('No event matches these filters.').isVisible()).toBe(true);
    expect(new URL(page.url()).searchParams.get('from')).toBe(new Date(local).toISOString());
    expect(await page.getByLabel('From').inputValue()).toBe(local);
    expect(await console.accessibilityProblems()).toEqual([]);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(async () => (await rows(page)).length).toBe(50);
    expect(new URL(page.url()).search).toBe('');
  });

  it('pages through the log with the keyset cursor', async () => {
    await page.getByLabel('Action').fill('admin.PATCH /admin/v1/tenants/:id');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(async () => (await rows(page)).length).toBe(50);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(async () => (await rows(page)).length).toBe(1);
    expect(await page.getByText('Page 2', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(async () => (await rows(page)).length).toBe(50);
  });

  it("shows the server's words for a query it refuses", async () => {
    await page.goto(`${console.baseUrl}/console/audit?from=yesterday`);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('This could not be loadedthe query is not validfrom: expected an RFC 3339 date-time');
    expect(await console.accessibilityProblems()).toEqual([]);
  });
});
