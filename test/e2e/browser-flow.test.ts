import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, type ServerProcess, startServer } from '../support/server-process.ts';
import { alertOf, headingOf, type Page, theForm, UserAgent } from './user-agent.ts';

const REDIRECT_URI = 'http://127.0.0.1:9/cb';
const POST_LOGOUT_URI = 'http://127.0.0.1:9/signed-out';
const PASSWORD = 'correct horse battery staple';
const WRONG_CREDENTIALS = 'invalid username or password';

/** An authorization request as a client builds it: PKCE S256, nonce, state. */
interface AuthorizationRequest {
  url: URL;
  verifier: string;
  nonce: string;
  state: string;
}

/** OpenID Connect Core §3.1.3.6: the left half of the hash of the access token, with the ID token's hash. */
function atHash(accessToken: string, idToken: string): string {
  const [header = ''] = idToken.split('.');
  const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg: string };
  const bits = alg === 'EdDSA' || alg === 'Ed25519' ? 512 : Number(alg.slice(-3));
  const digest = createHash(`sha${bits}`).update(accessToken).digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/** The query parameters of a redirect to the client's redirect URI (never the fragment). */
function redirectParameters(page: Page, status: number, target = REDIRECT_URI): Record<string, string> {
  expect(page.status, page.body).toBe(status);
  const location = page.location;
  if (!location) throw new Error(`no Location header (status ${page.status})`);
  expect(`${location.origin}${location.pathname}`).toBe(target);
  expect(location.hash).toBe('');
  return Object.fromEntries(location.searchParams);
}

function cookieLine(page: Page, name: string): string {
  const line = page.headers.getSetCookie().find((l) => l.startsWith(`${name}=`));
  if (line === undefined)
    throw new Error(`no Set-Cookie ${name}: ${page.headers.getSetCookie().join(' | ')}`);
  return line;
}

describe('the browser flow with openid-client (authorization code + PKCE, OIDC)', () => {
  let server: ServerProcess;
  let webapp: oidc.Configuration;
  let spa: oidc.Configuration;
  let introspector: oidc.Configuration;
  let aliceId: string;

  beforeAll(async () => {
    server = await startServer();
    expect((await adminCall(server, 'POST', '/admin/v1/tenants', { id: 'acme', name: 'Acme' })).status).toBe(
      201,
    );
    const browserClient = {
      tenantId: 'acme',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'profile', 'email'],
      redirectUris: [REDIRECT_URI],
      postLogoutRedirectUris: [POST_LOGOUT_URI],
    };
    const web = await adminCall(server, 'POST', '/admin/v1/clients', {
      ...browserClient,
      id: 'webapp',
      name: 'Web App',
    });
    expect(web.status).toBe(201);
    const single = await adminCall(server, 'POST', '/admin/v1/clients', {
      ...browserClient,
      id: 'spa',
      name: 'Single Page App',
      tokenEndpointAuthMethod: 'none',
    });
    expect(single.status).toBe(201);
    expect(single.body.clientSecret).toBeUndefined();
    const api = await adminCall(server, 'POST', '/admin/v1/clients', {
      id: 'api',
      tenantId: 'acme',
      name: 'Resource Server',
    });
    expect(api.status).toBe(201);
    const alice = await adminCall(server, 'POST', '/admin/v1/users', {
      tenantId: 'acme',
      username: 'alice',
      password: PASSWORD,
      profile: { name: 'Alice Liddell', email: 'alice@example.com', email_verified: true },
    });
    expect(alice.status).toBe(201);
    aliceId = String(alice.body.id);

    const options = { execute: [oidc.allowInsecureRequests] };
    const issuer = new URL(server.baseUrl);
    const webSecret = String(web.body.clientSecret);
    webapp = await oidc.discovery(issuer, 'webapp', webSecret, oidc.ClientSecretBasic(webSecret), options);
    spa = await oidc.discovery(issuer, 'spa', undefined, oidc.None(), options);
    const apiSecret = String(api.body.clientSecret);
    introspector = await oidc.discovery(issuer, 'api', apiSecret, oidc.ClientSecretBasic(apiSecret), options);
  });
  afterAll(() => server?.stop());

  async function authorizationRequest(
    config: oidc.Configuration,
    parameters: Record<string, string> = {},
  ): Promise<AuthorizationRequest> {
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
      ...parameters,
    });
    return { url, verifier, nonce, state };
  }

  /** Opens the login page of an authorization request, checks it, and signs in. */
  async function signIn(
    agent: UserAgent,
    request: AuthorizationRequest,
    username = 'alice',
    password = PASSWORD,
  ): Promise<Page> {
    const page = await agent.get(request.url);
    expect(page.status, page.body).toBe(200);
    const form = theForm(page);
    expect(form.method).toBe('post');
    expect(form.action.href).toBe(`${server.baseUrl}/oauth2/authorize/login`);
    return agent.submit(form, { username, password });
  }

  /** The code of a successful redirect, after checking the redirect is exactly code, state and iss. */
  function codeOf(page: Page, request: AuthorizationRequest, status: 302 | 303): URL {
    const parameters = redirectParameters(page, status);
    expect(parameters).toEqual({ code: expect.any(String), state: request.state, iss: server.baseUrl });
    if (!page.location) throw new Error('no Location');
    return page.location;
  }

  function exchange(config: oidc.Configuration, callback: URL, request: AuthorizationRequest) {
    return oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: request.verifier,
      expectedNonce: request.nonce,
      expectedState: request.state,
    });
  }

  /** A whole sign-in: a fresh browser, the login page, the code exchange. */
  async function login(config = webapp, parameters: Record<string, string> = {}) {
    const agent = new UserAgent();
    const request = await authorizationRequest(config, parameters);
    const callback = codeOf(await signIn(agent, request), request, 303);
    const tokens = await exchange(config, callback, request);
    return { agent, request, callback, tokens };
  }

  it('shows a login page, signs in, redirects with code, state and iss, and issues a valid ID token', async () => {
    const agent = new UserAgent();
    const request = await authorizationRequest(webapp);
    const page = await agent.get(request.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const interactionCookie = cookieLine(page, 'lifespan_interaction');
    expect(interactionCookie).toMatch(/; HttpOnly/i);
    expect(interactionCookie).toMatch(/; SameSite=Lax/i);
    const form = theForm(page);
    expect(form.action.href).toBe(`${server.baseUrl}/oauth2/authorize/login`);
    expect(form.hidden.sort()).toEqual(['csrf', 'interaction']);
    expect(Object.keys(form.fields).sort()).toEqual(['csrf', 'interaction', 'password', 'username']);
    expect(form.fields.interaction).toBe(agent.cookie('lifespan_interaction'));

    const before = Math.floor(Date.now() / 1000);
    const answer = await agent.submit(form, { username: 'alice', password: PASSWORD });
    const after = Math.ceil(Date.now() / 1000);
    const callback = codeOf(answer, request, 303);
    const sessionCookie = cookieLine(answer, 'lifespan_session');
    expect(sessionCookie).toMatch(/; HttpOnly/i);
    expect(sessionCookie).toMatch(/; SameSite=Lax/i);

    const tokens = await exchange(webapp, callback, request);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('openid profile email');
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.id_token).toEqual(expect.any(String));
    const claims = tokens.claims();
    if (!claims) throw new Error('no ID token');
    expect(claims.iss).toBe(server.baseUrl);
    expect(claims.sub).toBe(aliceId);
    expect(claims.aud).toBe('webapp');
    expect(claims.exp - claims.iat).toBe(3600);
    expect(claims.auth_time).toBeGreaterThanOrEqual(before);
    expect(claims.auth_time).toBeLessThanOrEqual(after);
    expect(claims.nonce).toBe(request.nonce);
    expect(claims.at_hash).toBe(atHash(tokens.access_token, String(tokens.id_token)));
    expect(claims.sid).toEqual(expect.any(String));
  });

  it('rotates the refresh token; the retired one is refused and its reuse ends the family', async () => {
    const { tokens } = await login();
    const first = String(tokens.refresh_token);
    const refreshed = await oidc.refreshTokenGrant(webapp, first);
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(first);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.scope).toBe('openid profile email');
    expect(refreshed.claims()?.sub).toBe(aliceId);
    expect((await oidc.tokenIntrospection(introspector, refreshed.access_token)).active).toBe(true);

    await expect(oidc.refreshTokenGrant(webapp, first)).rejects.toMatchObject({
      error: 'invalid_grant',
      status: 400,
    });
    // OAuth 2.1 §4.3.1 / RFC 9700 §4.14.2: a replayed rotated token revokes the active one of its family
    await expect(oidc.refreshTokenGrant(webapp, String(refreshed.refresh_token))).rejects.toMatchObject({
      error: 'invalid_grant',
      status: 400,
    });
  });

  it('releases the claims of the granted scopes at the userinfo endpoint', async () => {
    const { agent, tokens } = await login();
    expect(await oidc.fetchUserInfo(webapp, tokens.access_token, aliceId)).toEqual({
      sub: aliceId,
      name: 'Alice Liddell',
      email: 'alice@example.com',
      email_verified: true,
    });

    // the same browser session, fewer scopes
    const emailOnly = await authorizationRequest(webapp, { scope: 'openid email' });
    const emailTokens = await exchange(
      webapp,
      codeOf(await agent.get(emailOnly.url), emailOnly, 302),
      emailOnly,
    );
    expect(emailTokens.scope).toBe('openid email');
    expect(await oidc.fetchUserInfo(webapp, emailTokens.access_token, aliceId)).toEqual({
      sub: aliceId,
      email: 'alice@example.com',
      email_verified: true,
    });
    const bare = await authorizationRequest(webapp, { scope: 'openid' });
    const bareTokens = await exchange(webapp, codeOf(await agent.get(bare.url), bare, 302), bare);
    expect(await oidc.fetchUserInfo(webapp, bareTokens.access_token, aliceId)).toEqual({ sub: aliceId });
  });

  it('logs out (RP-initiated): back to the post-logout URI with state, and the tokens of the session end', async () => {
    const { agent, tokens } = await login();
    expect((await oidc.tokenIntrospection(introspector, tokens.access_token)).active).toBe(true);
    const state = oidc.randomState();
    const logoutUrl = oidc.buildEndSessionUrl(webapp, {
      id_token_hint: String(tokens.id_token),
      post_logout_redirect_uri: POST_LOGOUT_URI,
      state,
    });
    expect(`${logoutUrl.origin}${logoutUrl.pathname}`).toBe(`${server.baseUrl}/oauth2/end_session`);
    const page = await agent.get(logoutUrl);
    expect(redirectParameters(page, 302, POST_LOGOUT_URI)).toEqual({ state });
    expect(agent.cookie('lifespan_session')).toBeUndefined();

    await expect(oidc.refreshTokenGrant(webapp, String(tokens.refresh_token))).rejects.toMatchObject({
      error: 'invalid_grant',
      status: 400,
    });
    expect(await oidc.tokenIntrospection(introspector, tokens.access_token)).toEqual({ active: false });
    await expect(oidc.fetchUserInfo(webapp, tokens.access_token, aliceId)).rejects.toMatchObject({
      status: 401,
    });
  });

  it('ends the server session at logout, not only the cookie', async () => {
    const { agent, tokens } = await login();
    const session = agent.cookie('lifespan_session');
    if (session === undefined) throw new Error('no session cookie');
    const page = await agent.get(
      oidc.buildEndSessionUrl(webapp, {
        id_token_hint: String(tokens.id_token),
        post_logout_redirect_uri: POST_LOGOUT_URI,
      }),
    );
    expect(redirectParameters(page, 302, POST_LOGOUT_URI)).toEqual({});
    // a browser that kept the old cookie is not signed in any more
    const replay = new UserAgent();
    replay.set('lifespan_session', session);
    const request = await authorizationRequest(webapp, { prompt: 'none' });
    expect(redirectParameters(await replay.get(request.url), 302)).toEqual({
      error: 'login_required',
      error_description: expect.any(String),
      state: request.state,
      iss: server.baseUrl,
    });
  });

  it('single sign-on: a second request with the session cookie gets a code at once, without a login page', async () => {
    const { agent, tokens } = await login();
    const first = tokens.claims();
    const again = await authorizationRequest(webapp);
    const page = await agent.get(again.url);
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    const second = await exchange(webapp, codeOf(page, again, 302), again);
    const claims = second.claims();
    expect(claims?.sub).toBe(aliceId);
    expect(claims?.nonce).toBe(again.nonce);
    expect(claims?.auth_time).toBe(first?.auth_time);
    expect(claims?.sid).toBe(first?.sid);

    // prompt=none with a live session answers with a code too
    const silent = await authorizationRequest(webapp, { prompt: 'none' });
    const silentTokens = await exchange(webapp, codeOf(await agent.get(silent.url), silent, 302), silent);
    expect(silentTokens.claims()?.sid).toBe(first?.sid);
  });

  it('prompt=none without a session redirects with error=login_required, state and iss', async () => {
    const request = await authorizationRequest(webapp, { prompt: 'none' });
    const page = await new UserAgent().get(request.url);
    expect(redirectParameters(page, 302)).toEqual({
      error: 'login_required',
      error_description: expect.any(String),
      state: request.state,
      iss: server.baseUrl,
    });
  });

  it('an error redirect without state in the request carries no state', async () => {
    const url = oidc.buildAuthorizationUrl(webapp, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      prompt: 'none',
    });
    expect(redirectParameters(await new UserAgent().get(url), 302)).toEqual({
      error: 'login_required',
      error_description: expect.any(String),
      iss: server.baseUrl,
    });
  });

  it('prompt=login shows the login page even with a session, and the new login gets a new auth_time', async () => {
    const { agent, tokens } = await login();
    const request = await authorizationRequest(webapp, { prompt: 'login' });
    const page = await agent.get(request.url);
    expect(page.status).toBe(200);
    expect(theForm(page).action.href).toBe(`${server.baseUrl}/oauth2/authorize/login`);
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));
    const answer = await agent.submit(theForm(page), { username: 'alice', password: PASSWORD });
    const fresh = await exchange(webapp, codeOf(answer, request, 303), request);
    expect(fresh.claims()?.auth_time).toBeGreaterThan(Number(tokens.claims()?.auth_time));
  });

  it('a wrong password and an unknown user get the same 401 login page with the same message', async () => {
    const agent = new UserAgent();
    const request = await authorizationRequest(webapp);
    const wrongPassword = await signIn(agent, request, 'alice', 'not the password');
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.location).toBeUndefined();
    expect(alertOf(wrongPassword)).toBe(WRONG_CREDENTIALS);
    expect(agent.cookie('lifespan_session')).toBeUndefined();

    const other = new UserAgent();
    const unknownUser = await signIn(other, await authorizationRequest(webapp), 'nobody', 'not the password');
    expect(unknownUser.status).toBe(401);
    expect(alertOf(unknownUser)).toBe(WRONG_CREDENTIALS);
    expect(unknownUser.headers.get('content-type')).toBe(wrongPassword.headers.get('content-type'));
    // the pages differ only in the echoed username and the form's own interaction and csrf values
    const normalized = (page: Page, username: string) => {
      const form = theForm(page);
      return page.body
        .replaceAll(String(form.fields.interaction), 'INTERACTION')
        .replaceAll(String(form.fields.csrf), 'CSRF')
        .replace(`value="${username}"`, 'value="USERNAME"');
    };
    expect(normalized(unknownUser, 'nobody')).toBe(normalized(wrongPassword, 'alice'));

    // the re-rendered form still works
    const retry = await agent.submit(theForm(wrongPassword), { password: PASSWORD });
    await exchange(webapp, codeOf(retry, request, 303), request);
  });

  it('refuses a code exchanged with a tampered PKCE verifier (invalid_grant)', async () => {
    const agent = new UserAgent();
    const request = await authorizationRequest(webapp);
    const callback = codeOf(await signIn(agent, request), request, 303);
    await expect(
      exchange(webapp, callback, { ...request, verifier: oidc.randomPKCECodeVerifier() }),
    ).rejects.toMatchObject({ error: 'invalid_grant', status: 400 });
  });

  it('a code used twice is refused, and the tokens of its first exchange are revoked (RFC 6749 §4.1.2)', async () => {
    const { request, callback, tokens } = await login();
    expect((await oidc.tokenIntrospection(introspector, tokens.access_token)).active).toBe(true);
    await expect(exchange(webapp, callback, request)).rejects.toMatchObject({
      error: 'invalid_grant',
      status: 400,
    });
    await expect(oidc.refreshTokenGrant(webapp, String(tokens.refresh_token))).rejects.toMatchObject({
      error: 'invalid_grant',
      status: 400,
    });
    expect(await oidc.tokenIntrospection(introspector, tokens.access_token)).toEqual({ active: false });
  });

  it('a public client signs in with PKCE and authenticates with its client_id alone', async () => {
    const { tokens } = await login(spa);
    expect(tokens.claims()?.aud).toBe('spa');
    expect(tokens.claims()?.sub).toBe(aliceId);
    const refreshed = await oidc.refreshTokenGrant(spa, String(tokens.refresh_token));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
  });

  it('a public client without PKCE gets error=invalid_request on its redirect URI', async () => {
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(spa, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      nonce: oidc.randomNonce(),
      state,
    });
    const page = await new UserAgent().get(url);
    expect(redirectParameters(page, 302)).toEqual({
      error: 'invalid_request',
      error_description: expect.any(String),
      state,
      iss: server.baseUrl,
    });
  });

  it('code_challenge_method=plain is refused with error=invalid_request', async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    const request = await authorizationRequest(webapp, {
      code_challenge: verifier,
      code_challenge_method: 'plain',
    });
    const page = await new UserAgent().get(request.url);
    expect(redirectParameters(page, 302)).toEqual({
      error: 'invalid_request',
      error_description: expect.any(String),
      state: request.state,
      iss: server.baseUrl,
    });
  });

  it('an unregistered redirect_uri gets an HTML error page (400), never a redirect', async () => {
    for (const redirectUri of [
      'http://127.0.0.1:9/other',
      'https://attacker.example/cb',
      `${REDIRECT_URI}/`,
    ]) {
      const request = await authorizationRequest(webapp, { redirect_uri: redirectUri });
      const page = await new UserAgent().get(request.url);
      expect(page.status, redirectUri).toBe(400);
      expect(page.location).toBeUndefined();
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(headingOf(page)).toBe('Something went wrong');
      expect(alertOf(page)).toMatch(/redirect_uri/);
    }
  });

  it('refuses a login form posted without its cookie, with a wrong csrf, or a second time', async () => {
    const agent = new UserAgent();
    const request = await authorizationRequest(webapp);
    const page = await agent.get(request.url);
    const form = theForm(page);
    const credentials = { username: 'alice', password: PASSWORD };

    const withoutCookie = new UserAgent();
    const forged = await withoutCookie.submit(form, credentials);
    expect(forged.status).toBe(400);
    expect(forged.location).toBeUndefined();
    expect(withoutCookie.cookie('lifespan_session')).toBeUndefined();

    const wrongCsrf = await agent.submit(form, {
      ...credentials,
      csrf: 'x'.repeat(String(form.fields.csrf).length),
    });
    expect(wrongCsrf.status).toBe(400);
    expect(agent.cookie('lifespan_session')).toBeUndefined();

    codeOf(await agent.submit(form, credentials), request, 303);
    const replayed = await agent.submit(form, credentials);
    expect(replayed.status).toBe(400);
    expect(replayed.location).toBeUndefined();
  });

  it('refuses a code redeemed by another client, or with another redirect_uri (invalid_grant)', async () => {
    const agent = new UserAgent();
    const request = await authorizationRequest(webapp);
    const callback = codeOf(await signIn(agent, request), request, 303);
    await expect(exchange(spa, callback, request)).rejects.toMatchObject({
      error: 'invalid_grant',
      status: 400,
    });

    const another = await authorizationRequest(webapp);
    const anotherCallback = codeOf(await agent.get(another.url), another, 302);
    // openid-client sends the callback URL without its query as the token request's redirect_uri
    const elsewhere = new URL(`http://127.0.0.1:9/other${anotherCallback.search}`);
    await expect(exchange(webapp, elsewhere, another)).rejects.toMatchObject({
      error: 'invalid_grant',
      status: 400,
    });
  });

  it('max_age=0 asks a signed-in user to log in again', async () => {
    const { agent } = await login();
    const request = await authorizationRequest(webapp, { max_age: '0' });
    const page = await agent.get(request.url);
    expect(page.status).toBe(200);
    expect(theForm(page).action.href).toBe(`${server.baseUrl}/oauth2/authorize/login`);
  });

  it('a scope the client may not ask for is refused with error=invalid_scope', async () => {
    const request = await authorizationRequest(webapp, { scope: 'openid admin' });
    const page = await new UserAgent().get(request.url);
    expect(redirectParameters(page, 302)).toEqual({
      error: 'invalid_scope',
      error_description: expect.any(String),
      state: request.state,
      iss: server.baseUrl,
    });
  });

  it('an unknown response_type is refused with error=unsupported_response_type', async () => {
    const request = await authorizationRequest(webapp, { response_type: 'code id_token' });
    const page = await new UserAgent().get(request.url);
    const parameters = redirectParameters(page, 302);
    expect(parameters.error).toBe('unsupported_response_type');
    expect(parameters.state).toBe(request.state);
  });

  it('logout never redirects to an unregistered post_logout_redirect_uri', async () => {
    const { agent, tokens } = await login();
    const page = await agent.get(
      oidc.buildEndSessionUrl(webapp, {
        id_token_hint: String(tokens.id_token),
        post_logout_redirect_uri: 'https://attacker.example/signed-out',
      }),
    );
    expect(page.status).toBe(400);
    expect(page.location).toBeUndefined();
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('the userinfo endpoint answers an unknown token with 401 and a Bearer challenge (RFC 6750 §3)', async () => {
    const response = await fetch(`${server.baseUrl}/oauth2/userinfo`, {
      headers: { authorization: 'Bearer not-a-token' },
    });
    await response.body?.cancel();
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b.*error="invalid_token"/);
  });
});
