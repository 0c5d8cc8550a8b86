import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeRequest, hiddenFields, UserAgent, webClientAndUser } from '../support/browser-login.ts';
import { createAdministrator } from '../support/console-admin.ts';
import { type ConsoleHarness, consoleWithRoot } from '../support/console-browser.ts';

describe('console: the overview', { timeout: 120_000 }, () => {
  let console: ConsoleHarness;
  beforeAll(async () => {
    console = await consoleWithRoot();
    await console.signIn('root');
  });
  afterAll(() => console.close());

  /** A client_credentials token from the token endpoint, over HTTP as a client would ask for it. */
  const clientCredentials = async (clientId: string, secret: string) => {
    const response = await fetch(`${console.baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${btoa(`${clientId}:${secret}`)}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(response.status).toBe(200);
  };

  const stat = (name: string) => console.page.getByRole('region', { name }).locator('.stat').textContent();

  it('says when nothing happened yet', async () => {
    const { page } = console;
    await expect.poll(() => stat('Locked users')).toBe('0');
    expect(await page.getByText('No failed login in the last 24 hours.').isVisible()).toBe(true);
    expect(
      await page
        .getByText('No lint warning: every policy in reach follows the advised practices.')
        .isVisible(),
    ).toBe(true);
  });

  it('shows the live counts, tokens per grant and failed logins as charts, lint and the keys', async () => {
    const { page, lifespan } = console;
    const setup = await webClientAndUser(lifespan);
    const service = await lifespan.admin('POST', '/admin/v1/clients', {
      id: 'reports',
      tenantId: 'acme',
      name: 'Reports',
    });
    for (let i = 0; i < 3; i++) await clientCredentials('reports', service.json().clientSecret);
    const agent = new UserAgent(lifespan);
    for (let i = 0; i < 2; i++) {
      const form = await agent.get(`/oauth2/authorize?${new URLSearchParams(codeRequest('web'))}`);
      const refused = await agent.post('/oauth2/authorize/login', {
        ...hiddenFields(form.body),
        username: setup.username,
        password: 'wrong',
      });
      expect(refused.statusCode).toBe(401);
    }
    await lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', { accessTokenTtl: '2h' });

    await page.getByLabel('Activity over').selectOption('168');
    const tokens = page.getByRole('region', { name: 'Access tokens issued' });
    await expect
      .poll(() => tokens.getByRole('listitem').allTextContents())
      .toEqual(['authorization code: 1', 'client credentials: 3']);
    expect(
      await tokens.getByRole('img', { name: 'Access tokens issued per hour, by grant' }).isVisible(),
    ).toBe(true);
    const failures = page.getByRole('region', { name: 'Failed logins' });
    expect(await failures.getByRole('listitem').allTextContents()).toEqual(['failed logins: 2']);
    await failures.getByText('Failed logins per hour: hour by hour').click();
    expect(await failures.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual(['2']);
    // the console's own sign-in: one browser session, one refresh-token family
    expect(await stat('Live refresh-token families')).toBe('1');
    expect(await stat('Live sessions')).toBe('1');
    expect(await stat('Locked users')).toBe('0');

    const lint = page.getByRole('region', { name: 'Policy lint' });
    expect(await lint.getByRole('listitem').textContent()).toBe(
      'tenant acme: accessTokenTtl: access tokens live longer than 1 hour; keep them between 15 minutes and 1 hour',
    );
    expect(await lint.getByRole('link', { name: 'tenant acme' }).getAttribute('href')).toBe(
      '/console/tenants/acme/policy',
    );
    const keys = page.getByRole('region', { name: 'Signing keys' });
    expect(await keys.getByRole('row').nth(1).getByRole('cell').nth(0).textContent()).toBe('Active');
    expect(await console.accessibilityProblems()).toEqual([]);
    // the last 24 hours were read (empty) at the start: past the console's 10 s of freshness they are read again
    await console.advance(11);
    await page.getByLabel('Activity over').selectOption('24');
    await page.getByRole('img', { name: 'Failed logins per hour' }).waitFor();
    await console.screenshot('overview');
    await console.checkAtPhoneWidth('overview');
  });

  it('shows a tenant administrator their tenants only, and no signing keys', async () => {
    const { page, lifespan } = console;
    await createAdministrator(lifespan, 'ada', 'acme');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await console.signIn('ada');
    const tokens = page.getByRole('region', { name: 'Access tokens issued' });
    await expect
      .poll(() => tokens.getByRole('listitem').allTextContents())
      .toEqual(['client credentials: 3']);
    // ada's own console sign-in is the service tenant's, not acme's
    expect(await stat('Live sessions')).toBe('0');
    expect(await page.getByRole('region', { name: 'Signing keys' }).count()).toBe(0);
    expect(await console.accessibilityProblems()).toEqual([]);
  });
});
