import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { accessTokenHash } from '../../src/domain/tokens/id-token-issuer.ts';
import {
  codeRequest,
  hiddenFields,
  REDIRECT_URI,
  UserAgent,
  type UserSetup,
  VERIFIER,
  webClientAndUser,
} from '../support/browser-login.ts';
import { basic, type TestLifespan, testLifespan } from '../support/lifespan.ts';

const T0 = Date.parse('2026-01-01T00:00:00.000Z') / 1000;
const ISSUER = 'http://localhost:8080';

describe('authorization code flow (RFC 6749 §4.1, RFC 7636, OpenID Connect Core §3.1)', () => {
  let lifespan: TestLifespan;
  let setup: UserSetup;
  let agent: UserAgent;
  afterEach(() => lifespan.close());

  async function start(
    env: Record<string, string> = {},
    options: Parameters<typeof webClientAndUser>[1] = {},
  ) {
    lifespan = await testLifespan(env);
    setup = await webClientAndUser(lifespan, options);
    agent = new UserAgent(lifespan);
  }
  const exchange = (code: string, extra: Record<string, string> = {}) =>
    lifespan.form(
      '/oauth2/token',
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: VERIFIER,
        ...extra,
      },
      basic(setup.clientId, setup.secret),
    );
  const codeOf = (url: URL) => url.searchParams.get('code') ?? '';

  it('shows an accessible login page, then redirects with the code, the state and the issuer', async () => {
    await start();
    const page = await agent.get(`/oauth2/authorize?${new URLSearchParams(codeRequest('web'))}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.body).toContain('<h1>Sign in to Web</h1>');
    expect(page.body).toContain('<label for="username">Username</label>');
    expect(page.headers['set-cookie']).toMatch(
      /^lifespan_interaction=[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    const login = await agent.post('/oauth2/authorize/login', {
      ...hiddenFields(page.body),
      username: 'alice',
      password: setup.password,
    });
    expect(login.statusCode).toBe(303);
    const location = new URL(String(login.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect([...location.searchParams.keys()]).toEqual(['code', 'state', 'iss']);
    expect(location.searchParams.get('state')).toBe('state-1');
    expect(location.searchParams.get('iss')).toBe(ISSUER);
    expect(login.headers['set-cookie']).toMatch(
      /^lifespan_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax$/,
    );
  });

  it('issues an ID token with the claims of OpenID Connect Core §2, valid against the JWKS', async () => {
    await start();
    lifespan.clock.advance(30);
    const tokens = (await exchange(codeOf(await agent.authorize(codeRequest('web'), setup)))).json();
    const jwks = (await lifespan.app.inject({ method: 'GET', url: '/oauth2/jwks' })).json() as JSONWebKeySet;
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, createLocalJWKSet(jwks), {
      issuer: ISSUER,
      audience: 'web',
      currentDate: new Date((T0 + 30) * 1000),
    });
    expect(protectedHeader).toEqual({ alg: 'RS256', kid: jwks.keys[0]?.kid, typ: 'JWT' });
    expect(payload).toEqual({
      iss: ISSUER,
      sub: setup.userId,
      aud: 'web',
      exp: T0 + 30 + 3600,
      iat: T0 + 30,
      auth_time: T0 + 30,
      nonce: 'nonce-1',
      at_hash: accessTokenHash(tokens.access_token, 'RS256'),
      sid: expect.stringMatching(/^[\w-]{36}$/),
    });
  });

  it('uses the idTokenTtl and authorizationCodeTtl of the policy', async () => {
    await start({ ID_TOKEN_TTL: '5m', CODE_TTL: '60' });
    const code = codeOf(await agent.authorize(codeRequest('web'), setup));
    lifespan.clock.advance(59);
    const tokens = (await exchange(code)).json();
    const [, payload = ''] = tokens.id_token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(300);
    const late = codeOf(await agent.authorize(codeRequest('web')));
    lifespan.clock.advance(60);
    expect((await exchange(late)).json()).toEqual({
      error: 'invalid_grant',
      error_description: 'the authorization code is invalid, expired or already used',
    });
  });

  it('revokes what the first exchange issued when a code is used twice (RFC 6749 §4.1.2)', async () => {
    await start();
    const code = codeOf(await agent.authorize(codeRequest('web'), setup));
    const first = (await exchange(code)).json();
    const second = await exchange(code);
    expect(second.statusCode).toBe(400);
    expect(second.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'the authorization code is invalid, expired or already used',
    });
    const introspected = await lifespan.form(
      '/oauth2/introspect',
      { token: first.access_token },
      basic('web', setup.secret),
    );
    expect(introspected.json()).toEqual({ active: false });
    const refreshed = await lifespan.form(
      '/oauth2/token',
      { grant_type: 'refresh_token', refresh_token: first.refresh_token },
      basic('web', setup.secret),
    );
    expect(refreshed.json().error).toBe('invalid_grant');
  });

  it.each([
    [
      'a wrong verifier',
      { code_verifier: 'b'.repeat(43) },
      'code_verifier does not match the code_challenge',
    ],
    ['no verifier', { code_verifier: '' }, 'code_verifier does not match the code_challenge'],
    [
      'another redirect URI',
      { redirect_uri: 'https://app.example/other' },
      'redirect_uri does not match the authorization request',
    ],
  ])(
    'refuses the exchange with %s and changes nothing: the right exchange still works',
    async (_case, extra, description) => {
      await start();
      const code = codeOf(await agent.authorize(codeRequest('web'), setup));
      expect((await exchange(code, extra)).json()).toEqual({
        error: 'invalid_grant',
        error_description: description,
      });
      expect((await exchange(code)).statusCode).toBe(200);
    },
  );

  it('refuses a verifier for a code issued without a challenge (OAuth 2.1 §4.1.3)', async () => {
    await start();
    const { code_challenge: _c, code_challenge_method: _m, ...withoutPkce } = codeRequest('web');
    const code = codeOf(await agent.authorize(withoutPkce, setup));
    expect((await exchange(code)).json()).toEqual({
      error: 'invalid_grant',
      error_description: 'no code_challenge was sent with the authorization request',
    });
  });

  it.each([
    ['an unknown client', { client_id: 'ghost' }, 'the client is unknown'],
    [
      'an unregistered redirect URI',
      { redirect_uri: 'https://evil.example/cb' },
      'redirect_uri is not registered for this client',
    ],
    ['a repeated client_id', { client_id: ['web', 'web'] }, 'parameter client_id is repeated'],
  ])('shows an error page, never a redirect, for %s', async (_case, override, message) => {
    await start();
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries({ ...codeRequest('web'), ...override })) {
      for (const one of Array.isArray(value) ? value : [value]) query.append(name, one);
    }
    const response = await agent.get(`/oauth2/authorize?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers.location).toBeUndefined();
    expect(response.body).toContain(`<p role="alert">${message}</p>`);
  });

  it.each([
    [
      'an unsupported response type',
      { response_type: 'id_token' },
      'unsupported_response_type',
      'response_type must be code (or token where enabled)',
    ],
    [
      'a scope the client may not have',
      { scope: 'openid admin' },
      'invalid_scope',
      'scope not allowed for this client: admin',
    ],
    [
      'the plain PKCE method',
      { code_challenge_method: 'plain' },
      'invalid_request',
      'code_challenge_method must be S256 (plain is not allowed)',
    ],
    ['prompt=none without a session', { prompt: 'none' }, 'login_required', 'the user must log in'],
    ['prompt=none with another prompt', { prompt: 'none login' }, 'invalid_request', 'prompt is not valid'],
  ])(
    'redirects %s back to the client with the error, the state and the issuer',
    async (_case, override, error, description) => {
      await start();
      const response = await agent.get(
        `/oauth2/authorize?${new URLSearchParams({ ...codeRequest('web'), ...override })}`,
      );
      expect(response.statusCode).toBe(302);
      const location = new URL(String(response.headers.location));
      expect(Object.fromEntries(location.searchParams)).toEqual({
        error,
        error_description: description,
        state: 'state-1',
        iss: ISSUER,
      });
    },
  );

  it('requires PKCE of a public client', async () => {
    await start({}, { client: { tokenEndpointAuthMethod: 'none' } });
    const { code_challenge: _c, code_challenge_method: _m, ...withoutPkce } = codeRequest('web');
    const response = await agent.get(`/oauth2/authorize?${new URLSearchParams(withoutPkce)}`);
    expect(Object.fromEntries(new URL(String(response.headers.location)).searchParams)).toMatchObject({
      error: 'invalid_request',
      error_description: 'a public client must send a PKCE code_challenge',
    });
  });

  it('answers a wrong password and an unknown user with the same page', async () => {
    await start();
    const page = await agent.get(`/oauth2/authorize?${new URLSearchParams(codeRequest('web'))}`);
    const fields = hiddenFields(page.body);
    const wrong = await agent.post('/oauth2/authorize/login', {
      ...fields,
      username: 'alice',
      password: 'wrong password',
    });
    const unknown = await agent.post('/oauth2/authorize/login', {
      ...fields,
      username: 'mallory',
      password: 'wrong password',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body.replace('value="alice"', 'value="mallory"')).toBe(unknown.body);
    expect(wrong.body).toContain('<p class="error" role="alert">invalid username or password</p>');
  });

  it('refuses a login form without its interaction cookie or with a wrong CSRF token', async () => {
    await start();
    const page = await agent.get(`/oauth2/authorize?${new URLSearchParams(codeRequest('web'))}`);
    const fields = hiddenFields(page.body);
    const forged = await agent.post('/oauth2/authorize/login', {
      ...fields,
      csrf: 'forged',
      username: 'alice',
      password: setup.password,
    });
    expect(forged.statusCode).toBe(400);
    agent.cookies = {};
    const noCookie = await agent.post('/oauth2/authorize/login', {
      ...fields,
      username: 'alice',
      password: setup.password,
    });
    expect(noCookie.statusCode).toBe(400);
    expect(noCookie.body).toContain('This sign-in form has expired.');
  });

  it('marks its cookies Secure when the issuer is https', async () => {
    await start({ ISSUER: 'https://id.example.com' });
    const page = await agent.get(`/oauth2/authorize?${new URLSearchParams(codeRequest('web'))}`);
    expect(page.headers['set-cookie']).toMatch(
      /^lifespan_interaction=[\w-]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    const login = await agent.post('/oauth2/authorize/login', {
      ...hiddenFields(page.body),
      username: 'alice',
      password: setup.password,
    });
    expect(login.statusCode).toBe(303);
    expect(login.headers['set-cookie']).toMatch(
      /^lifespan_session=[\w-]{43}; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
  });

  it('refuses a made-up or tampered code with invalid_grant, and the real one still works', async () => {
    await start();
    const code = codeOf(await agent.authorize(codeRequest('web'), setup));
    const tampered = `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`;
    for (const wrong of ['made-up-code', tampered]) {
      const refused = await exchange(wrong);
      expect(refused.statusCode).toBe(400);
      expect(refused.headers['cache-control']).toBe('no-store');
      expect(refused.json()).toEqual({
        error: 'invalid_grant',
        error_description: expect.any(String),
      });
    }
    expect((await exchange(code)).statusCode).toBe(200);
  });

  it('answers userinfo by POST with the token in the form body as by GET (OIDC Core §5.3, RFC 6750 §2.2)', async () => {
    await start();
    const tokens = (await exchange(codeOf(await agent.authorize(codeRequest('web'), setup)))).json();
    const byGet = await lifespan.app.inject({
      method: 'GET',
      url: '/oauth2/userinfo',
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    const byPost = await lifespan.form('/oauth2/userinfo', { access_token: tokens.access_token });
    expect(byPost.statusCode).toBe(200);
    expect(byPost.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(byPost.headers['cache-control']).toBe('no-store');
    expect(byPost.json()).toEqual({ sub: setup.userId, name: 'Alice' });
    expect(byPost.json()).toEqual(byGet.json());
    const twice = await lifespan.form(
      '/oauth2/userinfo',
      { access_token: tokens.access_token },
      { authorization: `Bearer ${tokens.access_token}` },
    );
    expect(twice.statusCode).toBe(401);
    expect(twice.json()).toEqual({
      error: 'invalid_token',
      error_description: 'send the access token one way only',
    });
  });

  it('logs out by POST (RP-Initiated Logout §2): back to the registered URI with the state; the session ends', async () => {
    await start({}, { client: { postLogoutRedirectUris: ['https://app.example/signed-out'] } });
    await agent.authorize(codeRequest('web'), setup);
    const logout = await agent.post('/oauth2/end_session', {
      client_id: 'web',
      post_logout_redirect_uri: 'https://app.example/signed-out',
      state: 'bye-1',
    });
    expect(logout.statusCode).toBe(302);
    expect(logout.headers.location).toBe('https://app.example/signed-out?state=bye-1');
    expect(String(logout.headers['set-cookie'])).toMatch(/^lifespan_session=; /);
    const again = await agent.get(`/oauth2/authorize?${new URLSearchParams(codeRequest('web'))}`);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('<h1>Sign in to Web</h1>');
  });

  it('answers from the SSO session without a login; prompt=login and max_age ask again', async () => {
    await start();
    await agent.authorize(codeRequest('web'), setup);
    const silent = await agent.get(
      `/oauth2/authorize?${new URLSearchParams(codeRequest('web', { prompt: 'none' }))}`,
    );
    expect(silent.statusCode).toBe(302);
    expect(new URL(String(silent.headers.location)).searchParams.has('code')).toBe(true);
    const again = await agent.get(
      `/oauth2/authorize?${new URLSearchParams(codeRequest('web', { prompt: 'login' }))}`,
    );
    expect(again.statusCode).toBe(200);
    lifespan.clock.advance(120);
    const fresh = await agent.get(
      `/oauth2/authorize?${new URLSearchParams(codeRequest('web', { max_age: '60' }))}`,
    );
    expect(fresh.statusCode).toBe(200);
    const recent = await agent.get(
      `/oauth2/authorize?${new URLSearchParams(codeRequest('web', { max_age: '600' }))}`,
    );
    expect(recent.statusCode).toBe(302);
  });
});

describe('sessions per subject class (seed 004 #4)', () => {
  let lifespan: TestLifespan;
  afterEach(() => lifespan.close());

  it("ends an administrator's idle session, keeps a user's, and activity keeps a session alive", async () => {
    lifespan = await testLifespan();
    await lifespan.admin('PUT', '/admin/v1/service/policy', {
      subjectClasses: { admin: { sessionIdleTtl: '15m' } },
    });
    const setup = await webClientAndUser(lifespan);
    await lifespan.admin('POST', '/admin/v1/users', {
      tenantId: 'acme',
      username: 'root',
      password: 'admin password',
      subjectClass: 'admin',
    });
    const user = new UserAgent(lifespan);
    const admin = new UserAgent(lifespan);
    await user.authorize(codeRequest('web'), setup);
    await admin.authorize(codeRequest('web'), { username: 'root', password: 'admin password' });
    const silently = async (agent: UserAgent) =>
      (await agent.get(`/oauth2/authorize?${new URLSearchParams(codeRequest('web', { prompt: 'none' }))}`))
        .headers.location;
    for (let minute = 10; minute <= 60; minute += 10) {
      lifespan.clock.advance(600);
      expect(String(await silently(admin))).toContain('code=');
    }
    lifespan.clock.advance(900);
    expect(String(await silently(admin))).toContain('error=login_required');
    expect(String(await silently(user))).toContain('code=');
  });

  it('ends a session sessionMaxTtl after login, whatever the activity', async () => {
    lifespan = await testLifespan();
    await lifespan.admin('PUT', '/admin/v1/service/policy', { sessionMaxTtl: '1h' });
    const setup = await webClientAndUser(lifespan);
    const agent = new UserAgent(lifespan);
    await agent.authorize(codeRequest('web'), setup);
    lifespan.clock.advance(3599);
    expect(
      String(
        (await agent.get(`/oauth2/authorize?${new URLSearchParams(codeRequest('web', { prompt: 'none' }))}`))
          .headers.location,
      ),
    ).toContain('code=');
    lifespan.clock.advance(1);
    expect(
      String(
        (await agent.get(`/oauth2/authorize?${new URLSearchParams(codeRequest('web', { prompt: 'none' }))}`))
          .headers.location,
      ),
    ).toContain('error=login_required');
  });
});

describe('sessions end with the tokens of their tenant or the service', () => {
  let lifespan: TestLifespan;
  afterEach(() => lifespan.close());

  const silently = async (agent: UserAgent) =>
    String(
      (await agent.get(`/oauth2/authorize?${new URLSearchParams(codeRequest('web', { prompt: 'none' }))}`))
        .headers.location,
    );

  it.each([
    ['tenant "expire all tokens"', '/admin/v1/tenants/acme/expire-tokens'],
    ['service "expire all tokens"', '/admin/v1/service/expire-tokens'],
  ] as const)('%s ends the SSO session: the next authorization asks for the password', async (_what, url) => {
    lifespan = await testLifespan();
    const setup = await webClientAndUser(lifespan);
    const agent = new UserAgent(lifespan);
    await agent.authorize(codeRequest('web'), setup);
    lifespan.clock.advance(10);
    expect(await silently(agent)).toContain('code=');
    expect((await lifespan.admin('POST', url)).statusCode).toBe(200);
    expect(await silently(agent)).toContain('error=login_required');
    // a new login, even within the same millisecond, starts a session that lives on
    await agent.authorize(codeRequest('web', { prompt: 'login' }), setup);
    expect(await silently(agent)).toContain('code=');
  });

  it('a token-lifetime change with invalidateOnChange ends the sessions under the tenant (seed 004)', async () => {
    lifespan = await testLifespan();
    const setup = await webClientAndUser(lifespan);
    const agent = new UserAgent(lifespan);
    await agent.authorize(codeRequest('web'), setup);
    lifespan.clock.advance(10);
    const saved = await lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', {
      accessTokenTtl: '5m',
      invalidateOnChange: true,
    });
    expect(saved.statusCode).toBe(200);
    expect(await silently(agent)).toContain('error=login_required');
  });

  it('a client\'s "expire all tokens" leaves the session alone: a session is not one client\'s', async () => {
    lifespan = await testLifespan();
    const setup = await webClientAndUser(lifespan);
    const agent = new UserAgent(lifespan);
    await agent.authorize(codeRequest('web'), setup);
    lifespan.clock.advance(10);
    expect((await lifespan.admin('POST', '/admin/v1/clients/web/expire-tokens')).statusCode).toBe(200);
    expect(await silently(agent)).toContain('code=');
  });
});

describe('the implicit grant (legacy, per client)', () => {
  let lifespan: TestLifespan;
  afterEach(() => lifespan.close());

  it('is refused unless the client enables it, then answers in the fragment with the policy lifetime (seed 002)', async () => {
    lifespan = await testLifespan({ ACCESS_TOKEN_TTL: '86400' });
    const setup = await webClientAndUser(lifespan);
    const agent = new UserAgent(lifespan);
    const request = {
      response_type: 'token',
      client_id: 'web',
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      state: 's',
    };
    const refused = await agent.authorize(request, setup);
    expect(refused.hash).toBe(
      '#error=unauthorized_client&error_description=this+client+may+not+use+response_type%3Dtoken&state=s',
    );

    await lifespan.admin('PATCH', '/admin/v1/clients/web', {
      grantTypes: ['authorization_code', 'refresh_token', 'implicit'],
      policy: { accessTokenTtl: 3000 },
    });
    const answered = await agent.authorize(request, setup);
    const fragment = new URLSearchParams(answered.hash.slice(1));
    expect([...fragment.keys()]).toEqual(['access_token', 'token_type', 'expires_in', 'scope', 'state']);
    expect(Object.fromEntries(fragment)).toMatchObject({
      token_type: 'Bearer',
      expires_in: '3000',
      scope: 'openid',
      state: 's',
    });
    expect(answered.search).toBe('');
  });
});
