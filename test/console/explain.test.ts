import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdministrator } from '../support/console-admin.ts';
import { type ConsoleHarness, consoleWithRoot } from '../support/console-browser.ts';

const SLOW = 120_000;

describe('console: Explain', { timeout: 120_000 }, () => {
  let console: ConsoleHarness;

  beforeAll(async () => {
    console = await consoleWithRoot();
    const setUp = async (url: string, body: object) => {
      const response = await console.lifespan.admin('POST', url, body);
      expect(response.statusCode).toBe(201);
    };
    // provider → acme, a 1-hour ceiling on provider; a client of acme asks for 90 days
    await setUp('/admin/v1/tenants', {
      id: 'provider',
      name: 'Provider',
      policy: { max: { accessTokenTtl: '1h' } },
    });
    await setUp('/admin/v1/tenants', { id: 'acme', parentId: 'provider', name: 'Acme' });
    await setUp('/admin/v1/clients', {
      id: 'web',
      tenantId: 'acme',
      name: 'Web shop',
      policy: { accessTokenTtl: '90d' },
    });
    await createAdministrator(console.lifespan, 'ada', 'acme');
  }, SLOW);
  afterAll(() => console.close());

  const accessTokenLifetime = () =>
    console.page.getByRole('listitem').filter({
      has: console.page.getByRole('heading', { name: 'Access token lifetime accessTokenTtl' }),
    });

  it(
    'explains why a client’s 90-day access token lives 1 hour: clamped by the ceiling of tenant provider',
    async () => {
      const { page } = console;
      await console.signIn('root');
      await page.getByRole('link', { name: 'Explain' }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'Token lifetimes' }).isVisible()).toBe(true);
      // a service administrator starts at the service itself
      expect(await page.getByLabel('Tenant', { exact: true }).inputValue()).toBe('');
      expect(await accessTokenLifetime().locator('.explain-value').textContent()).toBe('1 hour');
      expect(await accessTokenLifetime().locator('.explain-why').textContent()).toBe(
        'No level sets it: the built-in default applies.',
      );

      // choosing the client alone chooses its tenant
      await page.getByLabel('Client', { exact: true }).selectOption('web');
      expect(await page.getByLabel('Tenant', { exact: true }).inputValue()).toBe('acme');
      await page.getByRole('button', { name: 'Explain', exact: true }).click();
      await expect
        .poll(() => accessTokenLifetime().locator('.explain-why').textContent())
        .toBe('Set by client web. Clamped 90 days → 1 hour by the ceiling of tenant provider.');
      expect(await accessTokenLifetime().locator('.explain-value').textContent()).toBe('1 hour');
      expect(new URL(page.url()).search).toBe('?tenantId=acme&clientId=web');
      const { version } = (
        await console.lifespan.admin('GET', '/admin/v1/policy/effective?clientId=web')
      ).json();
      expect(await page.getByText('Effective policy for client web of tenant acme').textContent()).toBe(
        `Effective policy for client web of tenant acme, subject class user, no scopes · policy version ${version}. ` +
          'See a login of this context on a timeline',
      );

      // the levels, broad to specific
      const show = accessTokenLifetime().getByRole('button', {
        name: 'Show the 3 levels of access token lifetime',
      });
      expect(await show.getAttribute('aria-expanded')).toBe('false');
      await show.click();
      const table = accessTokenLifetime().getByRole('table');
      await expect.poll(() => table.isVisible()).toBe(true);
      expect(await table.locator('tbody tr').allInnerTexts()).toEqual([
        'the built-in default\t1 hour\t—\toverridden Overridden by client web',
        'tenant provider\t—\t1 hour binding clamped\nBinding: clamped 90 days → 1 hour\tceiling only Sets only a ceiling',
        'client web\t90 days\t—\twon Wins, but is clamped to 1 hour',
      ]);
      expect(
        await accessTokenLifetime()
          .getByRole('button', { name: 'Hide the 3 levels' })
          .getAttribute('aria-expanded'),
      ).toBe('true');
      // every level links to the policy that sets it
      expect(await table.getByRole('link', { name: 'tenant provider' }).getAttribute('href')).toBe(
        '/console/tenants/provider/policy',
      );
      expect(await console.accessibilityProblems()).toEqual([]);
      await console.screenshot('explain-clamped');

      // all at once, and by keyboard
      await page.getByRole('button', { name: 'Show every level of every setting' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('table').count()).toBe(28);
      expect(await console.accessibilityProblems()).toEqual([]);

      // on a phone the tables scroll in their own box, not the page
      await console.checkAtPhoneWidth('explain');
    },
    SLOW,
  );

  it(
    'reproduces a context from its link, and says what the server refuses',
    async () => {
      const { page } = console;
      await page.goto(`${console.baseUrl}/console/explain?clientId=web&subjectClass=admin&scope=openid`);
      await expect.poll(() => page.getByLabel('Client', { exact: true }).inputValue()).toBe('web');
      expect(await page.getByLabel('Subject class', { exact: true }).inputValue()).toBe('admin');
      expect(await page.getByLabel('Scopes', { exact: true }).inputValue()).toBe('openid');
      await expect
        .poll(() => accessTokenLifetime().locator('.explain-why').textContent())
        .toBe('Set by client web. Clamped 90 days → 1 hour by the ceiling of tenant provider.');

      await page.getByLabel('User', { exact: true }).fill('nobody');
      await page.getByRole('button', { name: 'Explain', exact: true }).click();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toBe('This context cannot be explaineduser nobody does not exist');
      expect(await console.accessibilityProblems()).toEqual([]);
    },
    SLOW,
  );

  it(
    'chooses a tenant administrator’s own tenant, since they must name one',
    async () => {
      const { page } = console;
      await page.getByRole('button', { name: 'Sign out' }).click();
      await console.signIn('ada');
      await page.getByRole('link', { name: 'Explain' }).click();
      await expect.poll(() => page.getByLabel('Tenant', { exact: true }).inputValue()).toBe('acme');
      await expect.poll(() => new URL(page.url()).search).toBe('?tenantId=acme');
      // no "no tenant" choice: the service is not theirs to explain
      await expect
        .poll(() => page.getByLabel('Tenant', { exact: true }).locator('option').allTextContents())
        .toEqual(['Acme (acme)']);
      await expect
        .poll(() => accessTokenLifetime().locator('.explain-why').textContent())
        .toBe(
          'No level sets it: the built-in default applies. Within the ceiling of 1 hour set by tenant provider.',
        );
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await console.accessibilityProblems()).toEqual([]);
      await console.screenshot('explain-tenant-administrator');
    },
    SLOW,
  );
});
