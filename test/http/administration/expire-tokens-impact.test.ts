/**
 * What "expire all tokens" would end, before it ends it (`?dryRun=true`): the console's danger zone shows these
 * counts before asking to confirm. A tenant administrator may ask for their tenants and clients only, and the
 * answer for something that does not exist is the same 404 the expiry itself gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeRequest, REDIRECT_URI, UserAgent, VERIFIER } from '../../support/browser-login.ts';
import {
  asAdministrator,
  bootstrapConsole,
  createAdministrator,
  signInToConsole,
} from '../../support/console-admin.ts';
import { basic, type TestLifespan, testLifespan } from '../../support/lifespan.ts';
import { expectProblem, storedState } from '../bad-input/support.ts';

const FORBIDDEN = {
  type: 'urn:lifespan:problem:forbidden',
  title: 'Forbidden',
  status: 403,
  detail: 'this is not within the tenants you administer',
};

describe('the impact of "expire all tokens" (dry run)', () => {
  let lifespan: TestLifespan;
  let token: string;
  const as = (url: string) => asAdministrator(lifespan, token, 'POST', url);

  beforeAll(async () => {
    lifespan = await testLifespan();
    await bootstrapConsole(lifespan);
    for (const [id, parentId] of [
      ['customer', null],
      ['sub', 'customer'],
      ['globex', null],
    ] as const) {
      expect((await lifespan.admin('POST', '/admin/v1/tenants', { id, name: id, parentId })).statusCode).toBe(
        201,
      );
    }
    const web = await lifespan.admin('POST', '/admin/v1/clients', {
      id: 'web',
      tenantId: 'sub',
      name: 'Web',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid'],
      redirectUris: [REDIRECT_URI],
    });
    expect(web.statusCode).toBe(201);
    await lifespan.admin('POST', '/admin/v1/clients', { id: 'globex-app', tenantId: 'globex', name: 'G' });
    const password = 'correct horse battery';
    await lifespan.admin('POST', '/admin/v1/users', { tenantId: 'sub', username: 'bob', password });
    // a login in the browser: one session, and one refresh-token family from the code exchange
    const agent = new UserAgent(lifespan);
    const redirect = await agent.authorize(codeRequest('web', { scope: 'openid' }), {
      username: 'bob',
      password,
    });
    const exchanged = await lifespan.form(
      '/oauth2/token',
      {
        grant_type: 'authorization_code',
        code: redirect.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT_URI,
        code_verifier: VERIFIER,
      },
      basic('web', web.json().clientSecret),
    );
    expect(exchanged.json().refresh_token).toEqual(expect.any(String));
    await createAdministrator(lifespan, 'alice', 'customer');
    ({ accessToken: token } = await signInToConsole(lifespan, 'alice'));
  });
  afterAll(() => lifespan.close());

  it('counts the live families and sessions under a tenant (sub-tenants included) and a client', async () => {
    const before = await storedState(lifespan);
    for (const url of ['/admin/v1/tenants/customer', '/admin/v1/tenants/sub']) {
      const preview = await as(`${url}/expire-tokens?dryRun=true`);
      expect(preview.statusCode).toBe(200);
      expect(preview.json()).toEqual({ dryRun: true, liveRefreshFamilies: 1, liveSessions: 1 });
    }
    // a session is the user's, not one client's: a client's expiry ends its families only
    const client = await as('/admin/v1/clients/web/expire-tokens?dryRun=true');
    expect(client.json()).toEqual({ dryRun: true, liveRefreshFamilies: 1, liveSessions: 0 });
    const globex = await lifespan.admin('POST', '/admin/v1/tenants/globex/expire-tokens?dryRun=true');
    expect(globex.json()).toEqual({ dryRun: true, liveRefreshFamilies: 0, liveSessions: 0 });
    expect(await storedState(lifespan)).toEqual(before);
  });

  it('refuses a tenant administrator what lies outside their tenants, and the service', async () => {
    expectProblem(await as('/admin/v1/tenants/globex/expire-tokens?dryRun=true'), FORBIDDEN);
    expectProblem(await as('/admin/v1/tenants/no-such-tenant/expire-tokens?dryRun=true'), FORBIDDEN);
    expectProblem(await as('/admin/v1/clients/globex-app/expire-tokens?dryRun=true'), FORBIDDEN);
    expectProblem(await as('/admin/v1/service/expire-tokens?dryRun=true'), {
      ...FORBIDDEN,
      detail: 'only a service administrator may do this',
    });
  });

  it('answers 404 for a tenant or client that does not exist, as the expiry itself does', async () => {
    for (const [url, detail] of [
      ['/admin/v1/tenants/no-such-tenant', 'tenant no-such-tenant does not exist'],
      ['/admin/v1/clients/no-such-client', 'client no-such-client does not exist'],
    ] as const) {
      const notFound = { type: 'urn:lifespan:problem:not-found', title: 'Not Found', status: 404, detail };
      expectProblem(await lifespan.admin('POST', `${url}/expire-tokens?dryRun=true`), notFound);
      expectProblem(await lifespan.admin('POST', `${url}/expire-tokens`), notFound);
    }
  });

  it('refuses a dry run that is not true or false', async () => {
    const before = await storedState(lifespan);
    const response = await lifespan.admin('POST', '/admin/v1/tenants/sub/expire-tokens?dryRun=maybe');
    expectProblem(response, {
      type: 'urn:lifespan:problem:validation',
      title: 'Bad Request',
      status: 400,
      detail: 'the request does not match the schema',
      errors: [{ field: 'dryRun', message: 'must be boolean' }],
    });
    expect(await storedState(lifespan)).toEqual(before);
  });
});
