import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, type ServerProcess, startServer } from '../support/server-process.ts';
import { alertOf, headingOf, type Page, theForm, UserAgent } from './user-agent.ts';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const PASSWORD = 'correct horse battery staple';
const USER_CODE = /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/;

interface Credentials {
  id: string;
  secret: string;
}

describe('the device authorization grant with openid-client (RFC 8628)', () => {
  let server: ServerProcess;
  let tv: oidc.Configuration;
  let tvCredentials: Credentials;
  let kiosk: oidc.Configuration;
  let kioskCredentials: Credentials;
  let bobId: string;

  beforeAll(async () => {
    server = await startServer({ DEVICE_POLL_INTERVAL: '1' });
    const deviceClient = {
      grantTypes: [DEVICE_GRANT, 'refresh_token'],
      scopes: ['openid', 'profile', 'email'],
    };
    const options = { execute: [oidc.allowInsecureRequests] };
    const issuer = new URL(server.baseUrl);

    expect((await adminCall(server, 'POST', '/admin/v1/tenants', { id: 'acme', name: 'Acme' })).status).toBe(
      201,
    );
    const created = await adminCall(server, 'POST', '/admin/v1/clients', {
      ...deviceClient,
      id: 'tv',
      tenantId: 'acme',
      name: 'Living Room TV',
    });
    expect(created.status).toBe(201);
    tvCredentials = { id: 'tv', secret: String(created.body.clientSecret) };
    tv = await oidc.discovery(
      issuer,
      'tv',
      tvCredentials.secret,
      oidc.ClientSecretBasic(tvCredentials.secret),
      options,
    );
    const bob = await adminCall(server, 'POST', '/admin/v1/users', {
      tenantId: 'acme',
      username: 'bob',
      password: PASSWORD,
      profile: { name: 'Bob Builder', email: 'bob@example.com', email_verified: false },
    });
    expect(bob.status).toBe(201);
    bobId = String(bob.body.id);

    // a tenant whose device codes live one second, for the expiry test
    expect(
      (await adminCall(server, 'POST', '/admin/v1/tenants', { id: 'brief', name: 'Brief' })).status,
    ).toBe(201);
    expect(
      (await adminCall(server, 'PUT', '/admin/v1/tenants/brief/policy', { deviceCodeTtl: 1 })).status,
    ).toBe(200);
    const kioskCreated = await adminCall(server, 'POST', '/admin/v1/clients', {
      ...deviceClient,
      id: 'kiosk',
      tenantId: 'brief',
      name: 'Kiosk',
    });
    expect(kioskCreated.status).toBe(201);
    kioskCredentials = { id: 'kiosk', secret: String(kioskCreated.body.clientSecret) };
    kiosk = await oidc.discovery(
      issuer,
      'kiosk',
      kioskCredentials.secret,
      oidc.ClientSecretBasic(kioskCredentials.secret),
      options,
    );
  });
  afterAll(() => server?.stop());

  /** A raw device-code poll of the token endpoint (RFC 8628 §3.4), with client_secret_basic. */
  async function poll(credentials: Credentials, deviceCode: string) {
    const basic = Buffer.from(
      `${encodeURIComponent(credentials.id)}:${encodeURIComponent(credentials.secret)}`,
    ).toString('base64');
    const response = await fetch(`${server.baseUrl}/oauth2/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: DEVICE_GRANT, device_code: deviceCode }).toString(),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  /** The user opens the verification URI and submits the (pre-filled) code; answers the next page. */
  async function enterCode(agent: UserAgent, start: oidc.DeviceAuthorizationResponse, typed?: string) {
    const page = await agent.get(String(start.verification_uri_complete));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const form = theForm(page);
    expect(form.method).toBe('post');
    expect(form.action.href).toBe(`${server.baseUrl}/device`);
    expect(form.hidden.sort()).toEqual(['csrf', 'interaction']);
    expect(form.fields.user_code).toBe(start.user_code);
    return agent.submit(form, typed === undefined ? {} : { user_code: typed });
  }

  /** The login page of the device flow: signs in and answers the decision page. */
  async function signIn(agent: UserAgent, loginPage: Page, password = PASSWORD): Promise<Page> {
    expect(loginPage.status, loginPage.body).toBe(200);
    const form = theForm(loginPage);
    expect(form.action.href).toBe(`${server.baseUrl}/device/login`);
    expect(form.hidden.sort()).toEqual(['csrf', 'interaction']);
    return agent.submit(form, { username: 'bob', password });
  }

  /** Clicks one of the decision page's buttons. */
  function decide(agent: UserAgent, decisionPage: Page, decision: 'approve' | 'deny'): Promise<Page> {
    expect(decisionPage.status, decisionPage.body).toBe(200);
    const form = theForm(decisionPage);
    expect(form.action.href).toBe(`${server.baseUrl}/device/decision`);
    expect(form.buttons.map((b) => `${b.name}=${b.value}`).sort()).toEqual([
      'decision=approve',
      'decision=deny',
    ]);
    return agent.submit(form, { decision });
  }

  it('starts a device authorization with the fields of RFC 8628 §3.2', async () => {
    const start = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid profile' });
    expect(start.device_code).toEqual(expect.any(String));
    expect(start.user_code).toMatch(USER_CODE);
    expect(start.verification_uri).toBe(`${server.baseUrl}/device`);
    expect(start.verification_uri_complete).toBe(
      `${server.baseUrl}/device?user_code=${encodeURIComponent(start.user_code)}`,
    );
    expect(start.expires_in).toBe(300);
    expect(start.interval).toBe(1);
  });

  it('answers authorization_pending until the user approves, then the device gets its tokens', async () => {
    const start = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid profile' });
    const pending = await poll(tvCredentials, start.device_code);
    expect(pending.status).toBe(400);
    expect(pending.headers.get('cache-control')).toBe('no-store');
    expect(pending.body.error).toBe('authorization_pending');

    const agent = new UserAgent();
    const loginPage = await enterCode(agent, start);
    const decisionPage = await signIn(agent, loginPage);
    expect(agent.cookie('lifespan_session')).toEqual(expect.any(String));
    const done = await decide(agent, decisionPage, 'approve');
    expect(done.status).toBe(200);
    expect(headingOf(done)).toBe('Device connected');

    const tokens = await oidc.pollDeviceAuthorizationGrant(tv, start);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('openid profile');
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const claims = tokens.claims();
    if (!claims) throw new Error('no ID token');
    expect(claims.iss).toBe(server.baseUrl);
    expect(claims.sub).toBe(bobId);
    expect(claims.aud).toBe('tv');
    expect(claims.exp - claims.iat).toBe(3600);
    expect(claims.auth_time).toEqual(expect.any(Number));
    expect(await oidc.fetchUserInfo(tv, tokens.access_token, bobId)).toEqual({
      sub: bobId,
      name: 'Bob Builder',
    });

    const refreshed = await oidc.refreshTokenGrant(tv, String(tokens.refresh_token));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

    // the device code is spent
    const again = await poll(tvCredentials, start.device_code);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
  });

  it('the decision page shows the user code as the device displays it (RFC 8628 §3.3, §5.4)', async () => {
    const start = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid' });
    const agent = new UserAgent();
    const decisionPage = await signIn(agent, await enterCode(agent, start));
    expect(headingOf(decisionPage)).toBe('Allow Living Room TV?');
    // the user compares this with the code on the device screen, which shows the `user_code` of §3.2
    const shown = /<strong>([^<]*)<\/strong>/.exec(decisionPage.body)?.[1];
    expect(shown).toBe(start.user_code);
  });

  it('answers slow_down to a device polling faster than the interval', async () => {
    const start = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid' });
    expect((await poll(tvCredentials, start.device_code)).body.error).toBe('authorization_pending');
    const tooSoon = await poll(tvCredentials, start.device_code);
    expect(tooSoon.status).toBe(400);
    expect(tooSoon.body.error).toBe('slow_down');
  });

  it('a denial reaches the device as access_denied', async () => {
    const start = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid profile' });
    const agent = new UserAgent();
    const done = await decide(agent, await signIn(agent, await enterCode(agent, start)), 'deny');
    expect(done.status).toBe(200);
    expect(headingOf(done)).toBe('Request denied');
    await expect(oidc.pollDeviceAuthorizationGrant(tv, start)).rejects.toMatchObject({
      error: 'access_denied',
      status: 400,
    });
  });

  it('a signed-in user decides at once, and the code may be typed in any case and grouping', async () => {
    const agent = new UserAgent();
    const first = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid' });
    await decide(agent, await signIn(agent, await enterCode(agent, first)), 'approve');

    const second = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid' });
    const typed = second.user_code.replace('-', ' ').toLowerCase();
    const decisionPage = await enterCode(agent, second, typed);
    expect(headingOf(decisionPage)).toBe('Allow Living Room TV?');
    const done = await decide(agent, decisionPage, 'approve');
    expect(headingOf(done)).toBe('Device connected');
    const [firstTokens, secondTokens] = await Promise.all([
      oidc.pollDeviceAuthorizationGrant(tv, first),
      oidc.pollDeviceAuthorizationGrant(tv, second),
    ]);
    expect(firstTokens.claims()?.sub).toBe(bobId);
    expect(secondTokens.claims()?.sub).toBe(bobId);
    expect(secondTokens.claims()?.sid).toBe(firstTokens.claims()?.sid);
  });

  it('an unknown user code is refused on the page', async () => {
    const agent = new UserAgent();
    const page = await agent.get(`${server.baseUrl}/device`);
    expect(page.status).toBe(200);
    const answer = await agent.submit(theForm(page), { user_code: 'BBBB-BBBB' });
    expect(answer.status).toBe(400);
    expect(alertOf(answer)).toBe('That code is unknown or has expired.');
    expect(theForm(answer).action.href).toBe(`${server.baseUrl}/device`);
  });

  it('a wrong password on the device login page answers 401 with the standard message', async () => {
    const start = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid' });
    const agent = new UserAgent();
    const loginPage = await enterCode(agent, start);
    const refused = await signIn(agent, loginPage, 'not the password');
    expect(refused.status).toBe(401);
    expect(alertOf(refused)).toBe('invalid username or password');
    expect(agent.cookie('lifespan_session')).toBeUndefined();
    // the decision cannot be posted without signing in
    const form = theForm(refused);
    const forged = await agent.post(`${server.baseUrl}/device/decision`, {
      interaction: String(form.fields.interaction),
      csrf: String(form.fields.csrf),
      decision: 'approve',
    });
    expect(forged.status).toBe(400);
    expect((await poll(tvCredentials, start.device_code)).body.error).toBe('authorization_pending');
  });

  it('an expired device code answers expired_token', async () => {
    const start = await oidc.initiateDeviceAuthorization(kiosk, { scope: 'openid' });
    expect(start.expires_in).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await poll(kioskCredentials, start.device_code);
    expect(expired.status).toBe(400);
    expect(expired.body.error).toBe('expired_token');
    // and the user can no longer enter its code
    const agent = new UserAgent();
    const page = await agent.get(String(start.verification_uri_complete));
    const answer = await agent.submit(theForm(page));
    expect(answer.status).toBe(400);
    expect(alertOf(answer)).toBe('That code is unknown or has expired.');
  });

  it('refuses a device code presented by another client (invalid_grant)', async () => {
    const start = await oidc.initiateDeviceAuthorization(tv, { scope: 'openid' });
    const stolen = await poll(kioskCredentials, start.device_code);
    expect(stolen.status).toBe(400);
    expect(stolen.body.error).toBe('invalid_grant');
  });
});
