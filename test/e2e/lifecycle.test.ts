import * as jose from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCall, type ServerProcess, startServer } from '../support/server-process.ts';
import { alertOf, type Page, theForm, UserAgent } from './user-agent.ts';

const REDIRECT_URI = 'http://127.0.0.1:9/cb';
const PASSWORD = 'correct horse battery staple';
const WRONG_PASSWORD = 'not the password 7f3a';
const WRONG_CREDENTIALS = 'invalid username or password';
const LOCKED_OUT = 'too many failed logins: try again later';
/** The actor of the bootstrap admin key (LIFESPAN_ADMIN_KEY) in the audit log. */
const ADMIN = 'admin-key:bootstrap';
/** The address every request of these tests comes from: the server sees it as the login's device. */
const LOCAL = '127.0.0.1';
const OPTIONS = { execute: [oidc.allowInsecureRequests] };
const anId = expect.stringMatching(/\S/);

// ---- the management API ----

interface KeyItem {
  kid: string;
  algorithm: string;
  status: string;
  createdAt: string;
  activatesAt: string;
  retiredAt: string | null;
  publishedUntil: string | null;
  revokedAt: string | null;
}

interface AuditEvent {
  id: string;
  at: string;
  actor: string;
  tenantId: string | null;
  subject: string | null;
  action: string;
  outcome: string;
  requestId: string | null;
  clientAddress: string | null;
  details: Record<string, unknown>;
}

interface AuditPage {
  items: AuditEvent[];
  next: string | null;
}

/** A management call whose answer the test reads as `T`, after checking its status. */
async function admin<T>(
  server: ServerProcess,
  method: string,
  path: string,
  body: unknown,
  status: number,
): Promise<T> {
  const answer = await adminCall(server, method, path, body);
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBe(status);
  return answer.body as unknown as T;
}

const keyList = async (server: ServerProcess) =>
  (await admin<{ items: KeyItem[] }>(server, 'GET', '/admin/v1/keys', undefined, 200)).items;

/** The audit log as served, page by page, newest first; `raw` keeps every answer's text as it came. */
async function auditLog(
  server: ServerProcess,
  query: Record<string, string> = {},
): Promise<{ events: AuditEvent[]; raw: string }> {
  const events: AuditEvent[] = [];
  let raw = '';
  let before: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const parameters = new URLSearchParams({ limit: '500', ...query, ...(before !== null && { before }) });
    const response = await fetch(`${server.baseUrl}/admin/v1/audit?${parameters}`, {
      headers: { authorization: `Bearer ${server.adminKey}` },
    });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    raw += text;
    const page = JSON.parse(text) as AuditPage;
    events.push(...page.items);
    if (page.next === null) return { events, raw };
    before = page.next;
  }
  throw new Error('the audit log did not end within 100 pages');
}

/** Every secret given appears nowhere in the text. */
function expectNoSecret(text: string, secrets: readonly string[]) {
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(8);
    expect(text.includes(secret), `a secret (${secret.slice(0, 12)}…) is in the audit log`).toBe(false);
  }
}

// ---- a tenant, its clients and users ----

interface Realm {
  tenantId: string;
  /** A confidential browser client (authorization code + PKCE, refresh tokens). */
  web: oidc.Configuration;
  /** A resource server of the tenant: it introspects. */
  api: oidc.Configuration;
  secrets: string[];
}

/** Creates a tenant (with a policy, if given), its browser client `<tenant>-web` and resource server `<tenant>-api`. */
async function createRealm(
  server: ServerProcess,
  tenantId: string,
  policy?: Record<string, unknown>,
): Promise<Realm> {
  await admin(server, 'POST', '/admin/v1/tenants', { id: tenantId, name: tenantId }, 201);
  if (policy !== undefined) await admin(server, 'PUT', `/admin/v1/tenants/${tenantId}/policy`, policy, 200);
  const web = await createClient(server, {
    id: `${tenantId}-web`,
    tenantId,
    name: 'Web',
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile'],
    redirectUris: [REDIRECT_URI],
  });
  const api = await createClient(server, { id: `${tenantId}-api`, tenantId, name: 'API' });
  return { tenantId, web: web.config, api: api.config, secrets: [web.secret, api.secret] };
}

/** Registers a confidential client (client_secret_basic) and discovers the server as it. */
async function createClient(
  server: ServerProcess,
  body: Record<string, unknown>,
): Promise<{ config: oidc.Configuration; secret: string }> {
  const created = await admin<{ clientSecret: string }>(server, 'POST', '/admin/v1/clients', body, 201);
  const secret = created.clientSecret;
  const config = await oidc.discovery(
    new URL(server.baseUrl),
    String(body.id),
    secret,
    oidc.ClientSecretBasic(secret),
    OPTIONS,
  );
  return { config, secret };
}

async function createUser(server: ServerProcess, tenantId: string, username: string): Promise<string> {
  const user = await admin<{ id: string }>(
    server,
    'POST',
    '/admin/v1/users',
    { tenantId, username, password: PASSWORD },
    201,
  );
  return user.id;
}

// ---- the browser ----

interface AuthorizationRequest {
  url: URL;
  verifier: string;
  nonce: string;
  state: string;
}

async function authorizationRequest(config: oidc.Configuration): Promise<AuthorizationRequest> {
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    nonce,
    state,
  });
  return { url, verifier, nonce, state };
}

/** Opens the login page of a fresh authorization request and posts the credentials. */
async function postLogin(agent: UserAgent, config: oidc.Configuration, username: string, password: string) {
  const request = await authorizationRequest(config);
  const page = await agent.get(request.url);
  expect(page.status, page.body).toBe(200);
  const form = theForm(page);
  return { request, page: await agent.submit(form, { username, password }) };
}

/** The code exchange of a login page's redirect. */
async function exchange(config: oidc.Configuration, page: Page, request: AuthorizationRequest) {
  expect(page.status, page.body).toBe(303);
  if (!page.location) throw new Error('no Location');
  return oidc.authorizationCodeGrant(config, page.location, {
    pkceCodeVerifier: request.verifier,
    expectedNonce: request.nonce,
    expectedState: request.state,
  });
}

/** A whole sign-in in a fresh browser: the login page, the password, the code exchange. */
async function login(config: oidc.Configuration, username: string, agent = new UserAgent()) {
  const { request, page } = await postLogin(agent, config, username, PASSWORD);
  return { agent, tokens: await exchange(config, page, request) };
}

/** A refused login page: 401, the form again, and its alert. */
function refusal(page: Page): string | undefined {
  expect(page.status, page.body).toBe(401);
  expect(page.location).toBeUndefined();
  return alertOf(page);
}

/** A login page's answer without the per-request values (form guards, the echoed username). */
function normalized(page: Page, username: string): string {
  const form = theForm(page);
  return page.body
    .replaceAll(String(form.fields.interaction), 'INTERACTION')
    .replaceAll(String(form.fields.csrf), 'CSRF')
    .replace(`value="${username}"`, 'value="USERNAME"');
}

// ---- a relying party and a resource server ----

const kidOf = (jwt: string): string | undefined => jose.decodeProtectedHeader(jwt).kid;

/** The kids of the JWKS served now (a fresh fetch), sorted. */
async function publishedKids(config: oidc.Configuration): Promise<string[]> {
  const response = await fetch(String(config.serverMetadata().jwks_uri));
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('public, max-age=300');
  const { keys } = (await response.json()) as jose.JSONWebKeySet;
  return keys.map((key) => String(key.kid)).sort();
}

/**
 * Verifies a JWT as a verifier that fetches the discovered JWKS now (a new remote key set: nothing cached);
 * the payload, or the code of jose's error.
 */
async function verify(
  config: oidc.Configuration,
  jwt: string,
  typ: 'at+jwt' | 'JWT',
): Promise<{ payload: jose.JWTPayload } | { error: string }> {
  const metadata = config.serverMetadata();
  const keys = jose.createRemoteJWKSet(new URL(String(metadata.jwks_uri)));
  try {
    const { payload } = await jose.jwtVerify(jwt, keys, { issuer: metadata.issuer, typ });
    return { payload };
  } catch (error) {
    return { error: error instanceof jose.errors.JOSEError ? error.code : String(error) };
  }
}

const refused = { error: 'invalid_grant', status: 400 };

describe('graceful signing-key rotation, seen by a relying party and a resource server', () => {
  let server: ServerProcess;
  let realm: Realm;
  let worker: oidc.Configuration;
  let k1: string;
  let k2: string;
  let publishedBefore: string[];
  let serviceToken: string;
  let userTokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
  let rotated: KeyItem[];
  let rotatedAt: { from: number; to: number };

  beforeAll(async () => {
    server = await startServer();
    realm = await createRealm(server, 'acme');
    // a service client whose JWT access tokens live 2 h: the longest-lived JWT any policy allows
    const created = await createClient(server, {
      id: 'worker',
      tenantId: 'acme',
      name: 'Worker',
      scopes: ['jobs:read'],
      policy: { accessTokenTtl: '2h' },
    });
    worker = created.config;
    realm.secrets.push(created.secret);
    await createUser(server, 'acme', 'alice');

    serviceToken = (await oidc.clientCredentialsGrant(worker, { scope: 'jobs:read' })).access_token;
    userTokens = (await login(realm.web, 'alice')).tokens;
    k1 = kidOf(serviceToken) ?? '';
    publishedBefore = await publishedKids(realm.web);

    const from = Date.now();
    rotated = (
      await admin<{ items: KeyItem[] }>(server, 'POST', '/admin/v1/keys/rotate', { mode: 'graceful' }, 200)
    ).items;
    rotatedAt = { from, to: Date.now() };
    k2 = rotated[1]?.kid ?? '';
  });
  afterAll(() => server?.stop());

  it('signs the tokens of users and services with the one key published before the rotation', () => {
    expect(publishedBefore).toEqual([k1]);
    expect(kidOf(userTokens.access_token)).toBe(k1);
    expect(kidOf(String(userTokens.id_token))).toBe(k1);
  });

  it('publishes the successor at once, 5 min ahead of its first signature; the old key stays published until its longest-lived JWT has expired', async () => {
    expect(k2).toMatch(/^[\w-]{20,}$/);
    expect(k2).not.toBe(k1);
    expect(await publishedKids(realm.web)).toEqual([k1, k2].sort());
    const [old, successor, ...others] = rotated;
    expect(others).toEqual([]);
    expect(old).toMatchObject({ kid: k1, algorithm: 'RS256', status: 'active', revokedAt: null });
    expect(successor).toMatchObject({
      kid: k2,
      algorithm: 'RS256',
      status: 'next',
      retiredAt: null,
      publishedUntil: null,
      revokedAt: null,
    });
    const created = Date.parse(successor?.createdAt ?? '');
    expect(created).toBeGreaterThanOrEqual(rotatedAt.from);
    expect(created).toBeLessThanOrEqual(rotatedAt.to);
    // 300 s (the JWKS max-age) counted from the rotation request
    const activates = Date.parse(successor?.activatesAt ?? '');
    expect(activates).toBeGreaterThanOrEqual(rotatedAt.from + 300_000);
    expect(activates).toBeLessThanOrEqual(rotatedAt.to + 300_000);
    expect(old?.retiredAt).toBe(successor?.activatesAt);
    // the worker's 2 h access tokens are the longest-lived JWTs
    expect(Date.parse(old?.publishedUntil ?? '') - Date.parse(old?.retiredAt ?? '')).toBe(7_200_000);
    expect(await keyList(server)).toEqual(rotated);
  });

  it('JWTs signed before the rotation still verify against the JWKS and introspect active', async () => {
    expect(await verify(realm.web, serviceToken, 'at+jwt')).toEqual({
      payload: expect.objectContaining({ client_id: 'worker', sub: 'worker', scope: 'jobs:read' }),
    });
    expect(await verify(realm.web, userTokens.access_token, 'at+jwt')).toEqual({
      payload: expect.objectContaining({ client_id: 'acme-web', sub: userTokens.claims()?.sub }),
    });
    expect(await verify(realm.web, String(userTokens.id_token), 'JWT')).toEqual({
      payload: expect.objectContaining({ aud: 'acme-web', nonce: userTokens.claims()?.nonce }),
    });
    expect(await oidc.tokenIntrospection(realm.api, serviceToken)).toMatchObject({
      active: true,
      client_id: 'worker',
    });
    expect(await oidc.tokenIntrospection(realm.api, userTokens.access_token)).toMatchObject({
      active: true,
      client_id: 'acme-web',
    });
  });

  it('the refresh grant still works; until the successor activates, the old key signs', async () => {
    const { tokens } = await login(realm.web, 'alice');
    const refreshed = await oidc.refreshTokenGrant(realm.web, String(tokens.refresh_token));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(kidOf(refreshed.access_token)).toBe(k1);
    expect(kidOf(String(refreshed.id_token))).toBe(k1);
    expect(await verify(realm.web, refreshed.access_token, 'at+jwt')).toEqual({
      payload: expect.objectContaining({ client_id: 'acme-web' }),
    });
    expect((await oidc.tokenIntrospection(realm.api, refreshed.access_token)).active).toBe(true);
    const fresh = await oidc.clientCredentialsGrant(worker, { scope: 'jobs:read' });
    expect(kidOf(fresh.access_token)).toBe(k1);
  });

  it('a second graceful rotation while the successor is pending is refused (409), and nothing changes', async () => {
    const second = await adminCall(server, 'POST', '/admin/v1/keys/rotate', { mode: 'graceful' });
    expect(second.status).toBe(409);
    expect(second.body.detail).toBe(
      `a RS256 key is already published and signs from ${rotated[1]?.activatesAt}`,
    );
    expect(await keyList(server)).toEqual(rotated);
    expect(await publishedKids(realm.web)).toEqual([k1, k2].sort());
  });

  it('records the rotation in the audit log, by the administrator, with no secret in it', async () => {
    const { events } = await auditLog(server, { action: 'key.rotated' });
    expect(events).toEqual([
      {
        id: anId,
        at: expect.any(String),
        actor: ADMIN,
        tenantId: null,
        subject: k2,
        action: 'key.rotated',
        outcome: 'success',
        requestId: anId,
        clientAddress: LOCAL,
        details: { algorithm: 'RS256', mode: 'graceful', previous: k1 },
      },
    ]);
    const at = Date.parse(events[0]?.at ?? '');
    expect(at).toBeGreaterThanOrEqual(rotatedAt.from);
    expect(at).toBeLessThanOrEqual(rotatedAt.to);
    const writes = (
      await auditLog(server, { action: 'admin.POST /admin/v1/keys/rotate', outcome: 'success' })
    ).events;
    expect(writes).toEqual([
      expect.objectContaining({
        actor: ADMIN,
        subject: null,
        requestId: events[0]?.requestId,
        clientAddress: LOCAL,
        details: { status: 200 },
      }),
    ]);

    const { raw } = await auditLog(server);
    expectNoSecret(raw, [
      PASSWORD,
      server.adminKey,
      ...realm.secrets,
      serviceToken,
      userTokens.access_token,
      String(userTokens.refresh_token),
      String(userTokens.id_token),
    ]);
  });
});

describe('revoking a signing key, seen by a relying party and a resource server', () => {
  let server: ServerProcess;
  let realm: Realm;
  let worker: oidc.Configuration;
  let webEs: oidc.Configuration;
  let webOpaque: oidc.Configuration;
  let k1: string;
  let e1: string;
  let k2: string;
  let serviceToken: string;
  type Tokens = oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
  /** Signed by the RS256 key that is revoked. */
  let rsTokens: Tokens;
  /** Signed by the service's ES256 key (a client policy chooses it), which is not revoked. */
  let esTokens: Tokens;
  /** Opaque access token (no signature), ID token signed by the revoked key. */
  let opaqueTokens: Tokens;
  let rotated: KeyItem[];
  let revokedAt: { from: number; to: number };

  beforeAll(async () => {
    server = await startServer();
    realm = await createRealm(server, 'acme');
    const browserClient = {
      tenantId: 'acme',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'profile'],
      redirectUris: [REDIRECT_URI],
    };
    const es = await createClient(server, {
      ...browserClient,
      id: 'web-es',
      name: 'Web ES256',
      policy: { signingAlgorithm: 'ES256' },
    });
    const opaque = await createClient(server, {
      ...browserClient,
      id: 'web-opaque',
      name: 'Web Opaque',
      policy: { accessTokenFormat: 'opaque' },
    });
    const service = await createClient(server, {
      id: 'worker',
      tenantId: 'acme',
      name: 'Worker',
      scopes: ['jobs:read'],
    });
    webEs = es.config;
    webOpaque = opaque.config;
    worker = service.config;
    realm.secrets.push(es.secret, opaque.secret, service.secret);
    await createUser(server, 'acme', 'alice');

    serviceToken = (await oidc.clientCredentialsGrant(worker, { scope: 'jobs:read' })).access_token;
    rsTokens = (await login(realm.web, 'alice')).tokens;
    esTokens = (await login(webEs, 'alice')).tokens;
    opaqueTokens = (await login(webOpaque, 'alice')).tokens;
    k1 = kidOf(serviceToken) ?? '';
    e1 = kidOf(esTokens.access_token) ?? '';
    expect(await publishedKids(realm.web)).toEqual([k1, e1].sort());
    for (const token of [serviceToken, rsTokens.access_token, esTokens.access_token]) {
      expect((await oidc.tokenIntrospection(realm.api, token)).active).toBe(true);
    }

    const from = Date.now();
    rotated = (
      await admin<{ items: KeyItem[] }>(server, 'POST', '/admin/v1/keys/rotate', { mode: 'revoke' }, 200)
    ).items;
    revokedAt = { from, to: Date.now() };
    k2 = rotated[2]?.kid ?? '';
  });
  afterAll(() => server?.stop());

  it('signed with the configured RS256 key, the ES256 client with its own key, before the rotation', () => {
    expect(kidOf(rsTokens.access_token)).toBe(k1);
    expect(kidOf(String(rsTokens.id_token))).toBe(k1);
    expect(kidOf(String(opaqueTokens.id_token))).toBe(k1);
    expect(opaqueTokens.access_token).not.toMatch(/^eyJ/);
    expect(e1).not.toBe(k1);
    expect(kidOf(String(esTokens.id_token))).toBe(e1);
  });

  it('withdraws the old key from the JWKS at once and publishes the new one, which signs at once', async () => {
    expect(k2).not.toBe(k1);
    expect(rotated.map((key) => [key.kid, key.algorithm, key.status])).toEqual([
      [k1, 'RS256', 'revoked'],
      [e1, 'ES256', 'active'],
      [k2, 'RS256', 'active'],
    ]);
    const [old, , successor] = rotated;
    const revoked = Date.parse(old?.revokedAt ?? '');
    expect(revoked).toBeGreaterThanOrEqual(revokedAt.from);
    expect(revoked).toBeLessThanOrEqual(revokedAt.to);
    const activates = Date.parse(successor?.activatesAt ?? '');
    expect(activates).toBeGreaterThanOrEqual(revokedAt.from);
    expect(activates).toBeLessThanOrEqual(revokedAt.to);
    expect(await publishedKids(realm.web)).toEqual([e1, k2].sort());
    expect(await keyList(server)).toEqual(rotated);
  });

  it('JWTs the old key signed no longer verify against the JWKS, and introspect inactive', async () => {
    for (const [token, typ] of [
      [serviceToken, 'at+jwt'],
      [rsTokens.access_token, 'at+jwt'],
      [String(rsTokens.id_token), 'JWT'],
      [String(opaqueTokens.id_token), 'JWT'],
    ] as const) {
      expect(await verify(realm.web, token, typ)).toEqual({ error: 'ERR_JWKS_NO_MATCHING_KEY' });
    }
    expect(await oidc.tokenIntrospection(realm.api, serviceToken)).toEqual({ active: false });
    expect(await oidc.tokenIntrospection(realm.api, rsTokens.access_token)).toEqual({ active: false });
  });

  it('refuses with invalid_grant the refresh token of a family whose latest access token the old key signed', async () => {
    await expect(oidc.refreshTokenGrant(realm.web, String(rsTokens.refresh_token))).rejects.toMatchObject(
      refused,
    );
  });

  it('leaves alone the tokens of the other algorithm, and the family whose access token is opaque', async () => {
    expect(await verify(webEs, esTokens.access_token, 'at+jwt')).toEqual({
      payload: expect.objectContaining({ client_id: 'web-es' }),
    });
    expect(await verify(webEs, String(esTokens.id_token), 'JWT')).toEqual({
      payload: expect.objectContaining({ aud: 'web-es' }),
    });
    expect((await oidc.tokenIntrospection(realm.api, esTokens.access_token)).active).toBe(true);
    const esRefreshed = await oidc.refreshTokenGrant(webEs, String(esTokens.refresh_token));
    expect(kidOf(esRefreshed.access_token)).toBe(e1);

    // no access token of this family was signed: it lives on, only its ID token stopped verifying
    expect((await oidc.tokenIntrospection(realm.api, opaqueTokens.access_token)).active).toBe(true);
    const opaqueRefreshed = await oidc.refreshTokenGrant(webOpaque, String(opaqueTokens.refresh_token));
    expect(kidOf(String(opaqueRefreshed.id_token))).toBe(k2);
    expect(await verify(webOpaque, String(opaqueRefreshed.id_token), 'JWT')).toEqual({
      payload: expect.objectContaining({ aud: 'web-opaque' }),
    });
  });

  it('tokens issued after the rotation are signed with the new key and verify', async () => {
    const fresh = await oidc.clientCredentialsGrant(worker, { scope: 'jobs:read' });
    expect(kidOf(fresh.access_token)).toBe(k2);
    expect(await verify(worker, fresh.access_token, 'at+jwt')).toEqual({
      payload: expect.objectContaining({ client_id: 'worker' }),
    });
    expect((await oidc.tokenIntrospection(realm.api, fresh.access_token)).active).toBe(true);

    const { tokens } = await login(realm.web, 'alice');
    expect(kidOf(tokens.access_token)).toBe(k2);
    expect(kidOf(String(tokens.id_token))).toBe(k2);
    expect(await verify(realm.web, String(tokens.id_token), 'JWT')).toEqual({
      payload: expect.objectContaining({ aud: 'acme-web' }),
    });
    const refreshed = await oidc.refreshTokenGrant(realm.web, String(tokens.refresh_token));
    expect(kidOf(refreshed.access_token)).toBe(k2);
    expect((await oidc.tokenIntrospection(realm.api, refreshed.access_token)).active).toBe(true);
  });

  it('records the revocation in the audit log, by the administrator, with no secret in it', async () => {
    const { events } = await auditLog(server, { action: 'key.rotated' });
    expect(events).toEqual([
      {
        id: anId,
        at: expect.any(String),
        actor: ADMIN,
        tenantId: null,
        subject: k2,
        action: 'key.rotated',
        outcome: 'success',
        requestId: anId,
        clientAddress: LOCAL,
        details: { algorithm: 'RS256', mode: 'revoke', previous: k1 },
      },
    ]);
    const at = Date.parse(events[0]?.at ?? '');
    expect(at).toBeGreaterThanOrEqual(revokedAt.from);
    expect(at).toBeLessThanOrEqual(revokedAt.to);
    expect((await auditLog(server, { action: 'admin.POST /admin/v1/keys/rotate' })).events).toEqual([
      expect.objectContaining({
        actor: ADMIN,
        outcome: 'success',
        requestId: events[0]?.requestId,
        details: { status: 200 },
      }),
    ]);
    const { raw } = await auditLog(server);
    expectNoSecret(raw, [
      PASSWORD,
      server.adminKey,
      ...realm.secrets,
      serviceToken,
      ...[rsTokens, esTokens, opaqueTokens].flatMap((tokens) => [
        tokens.access_token,
        String(tokens.refresh_token),
        String(tokens.id_token),
      ]),
    ]);
  });
});

describe('brute-force lockout through the real login page (seed 004)', () => {
  /** A device locks after 3 failures, and its first lock locks the user for an hour. */
  const LOCKOUT = {
    deviceMaxFailures: 3,
    deviceFailureWindow: '10m',
    deviceLockDuration: '15m',
    userMaxDeviceLocks: 1,
    userDeviceLockWindow: '1d',
    userLockDuration: '1h',
  };
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  interface LockoutRealm extends Realm {
    userId: string;
  }

  /** A tenant of its own with the lockout policy, its clients and alice. */
  async function lockoutRealm(tenantId: string): Promise<LockoutRealm> {
    const realm = await createRealm(server, tenantId, LOCKOUT);
    return { ...realm, userId: await createUser(server, tenantId, 'alice') };
  }

  /** Three wrong passwords for `username` from this address, each answered as a wrong password. */
  async function fail3(realm: Realm, username: string): Promise<Page[]> {
    const pages: Page[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const { page } = await postLogin(new UserAgent(), realm.web, username, WRONG_PASSWORD);
      expect(refusal(page), `attempt ${attempt + 1}`).toBe(WRONG_CREDENTIALS);
      pages.push(page);
    }
    return pages;
  }

  const userView = (realm: LockoutRealm) =>
    admin<{ lockedForSecurityReasons: boolean; lockedUntil: string | null }>(
      server,
      'GET',
      `/admin/v1/users/${realm.userId}`,
      undefined,
      200,
    );

  it('three wrong passwords lock the user: the right password then gets the answer an unknown user gets', async () => {
    const realm = await lockoutRealm('lock-page');
    const started = Date.now();
    const wrong = await fail3(realm, 'alice');
    const failed = Date.now();
    const locked = (await postLogin(new UserAgent(), realm.web, 'alice', PASSWORD)).page;
    expect(refusal(locked)).toBe(LOCKED_OUT);
    expect(theForm(locked).action.href).toBe(`${server.baseUrl}/oauth2/authorize/login`);

    const unknownWrong = await fail3(realm, 'mallory');
    const unknownLocked = (await postLogin(new UserAgent(), realm.web, 'mallory', PASSWORD)).page;
    expect(refusal(unknownLocked)).toBe(LOCKED_OUT);
    expect(normalized(unknownLocked, 'mallory')).toBe(normalized(locked, 'alice'));
    expect(unknownWrong.map((page) => normalized(page, 'mallory'))).toEqual(
      wrong.map((page) => normalized(page, 'alice')),
    );

    const view = await userView(realm);
    expect(view.lockedForSecurityReasons).toBe(true);
    // the lock time (the third failure) + userLockDuration
    const lockedAt = Date.parse(view.lockedUntil ?? '') - 3_600_000;
    expect(lockedAt).toBeGreaterThanOrEqual(started);
    expect(lockedAt).toBeLessThanOrEqual(failed);
  });

  it('the lock ends at once the tokens and the session the user held: refresh invalid_grant, access token inactive', async () => {
    const realm = await lockoutRealm('lock-tokens');
    const { agent, tokens } = await login(realm.web, 'alice');
    expect((await oidc.tokenIntrospection(realm.api, tokens.access_token)).active).toBe(true);
    await fail3(realm, 'alice');
    expect((await userView(realm)).lockedForSecurityReasons).toBe(true);

    await expect(oidc.refreshTokenGrant(realm.web, String(tokens.refresh_token))).rejects.toMatchObject(
      refused,
    );
    expect(await oidc.tokenIntrospection(realm.api, tokens.access_token)).toEqual({ active: false });
    // the browser's login session ended too: the authorization endpoint asks for the password again
    const again = await agent.get((await authorizationRequest(realm.web)).url);
    expect(again.status).toBe(200);
    expect(theForm(again).action.href).toBe(`${server.baseUrl}/oauth2/authorize/login`);
  });

  it('clearing lockedForSecurityReasons lets the user log in again; what the lock ended stays ended', async () => {
    const realm = await lockoutRealm('lock-unlock');
    const { tokens } = await login(realm.web, 'alice');
    await fail3(realm, 'alice');
    const patched = await admin<Record<string, unknown>>(
      server,
      'PATCH',
      `/admin/v1/users/${realm.userId}`,
      { lockedForSecurityReasons: false },
      200,
    );
    expect(patched).toMatchObject({ id: realm.userId, lockedForSecurityReasons: false, lockedUntil: null });
    expect(await userView(realm)).toMatchObject({ lockedForSecurityReasons: false, lockedUntil: null });

    // the device lock of this address is lifted with the user's
    const after = await login(realm.web, 'alice');
    expect(after.tokens.claims()?.sub).toBe(realm.userId);
    expect((await oidc.tokenIntrospection(realm.api, after.tokens.access_token)).active).toBe(true);
    await expect(oidc.refreshTokenGrant(realm.web, String(tokens.refresh_token))).rejects.toMatchObject(
      refused,
    );
    expect(await oidc.tokenIntrospection(realm.api, tokens.access_token)).toEqual({ active: false });
  });

  it('records the failed logins, the device and user locks, the unlock and the admin actions, with no secret', async () => {
    const realm = await lockoutRealm('lock-audit');
    const { tokens } = await login(realm.web, 'alice');
    await fail3(realm, 'alice');
    expect(refusal((await postLogin(new UserAgent(), realm.web, 'alice', PASSWORD)).page)).toBe(LOCKED_OUT);
    await admin(server, 'PATCH', `/admin/v1/users/${realm.userId}`, { lockedForSecurityReasons: false }, 200);
    const after = (await login(realm.web, 'alice')).tokens;

    const { events } = await auditLog(server, { tenantId: realm.tenantId });
    const user = realm.userId;
    const password = (reason?: string) => ({
      method: 'password',
      ...(reason !== undefined && { reason }),
      device: LOCAL,
    });
    const by = (actor: string) => ({ id: anId, at: expect.any(String), actor, tenantId: realm.tenantId });
    const loginEvent = (outcome: string, reason?: string) => ({
      ...by('anonymous'),
      subject: user,
      action: 'login',
      outcome,
      requestId: anId,
      clientAddress: LOCAL,
      details: password(reason),
    });
    const adminAction = (action: string, subject: string, status: number) => ({
      ...by(ADMIN),
      subject,
      action,
      outcome: 'success',
      requestId: anId,
      clientAddress: LOCAL,
      details: { status },
    });
    // oldest first; the events of one request (the third failure) in the order they are recorded
    const expected = [
      // the writes that made the realm belong to its tenant: what they created is their subject
      adminAction('admin.POST /admin/v1/tenants', realm.tenantId, 201),
      adminAction('admin.PUT /admin/v1/tenants/:id/policy', realm.tenantId, 200),
      adminAction('admin.POST /admin/v1/clients', `${realm.tenantId}-web`, 201),
      adminAction('admin.POST /admin/v1/clients', `${realm.tenantId}-api`, 201),
      adminAction('admin.POST /admin/v1/users', user, 201),
      loginEvent('success'),
      loginEvent('failure', 'wrong-credentials'),
      loginEvent('failure', 'wrong-credentials'),
      {
        ...by('anonymous'),
        subject: user,
        action: 'device.locked',
        outcome: 'success',
        requestId: anId,
        clientAddress: LOCAL,
        details: { device: LOCAL, username: 'alice' },
      },
      {
        ...by('anonymous'),
        subject: user,
        action: 'user.locked',
        outcome: 'success',
        requestId: anId,
        clientAddress: LOCAL,
        details: {},
      },
      loginEvent('failure', 'wrong-credentials'),
      loginEvent('failure', 'locked'),
      {
        ...by(ADMIN),
        subject: user,
        action: 'user.unlocked',
        outcome: 'success',
        requestId: anId,
        clientAddress: LOCAL,
        details: {},
      },
      adminAction('admin.PATCH /admin/v1/users/:id', user, 200),
      loginEvent('success'),
    ];
    const order = [
      'admin.PUT /admin/v1/tenants/:id/policy',
      'device.locked',
      'user.locked',
      'login',
      'user.unlocked',
      'admin.PATCH /admin/v1/users/:id',
    ];
    const chronological = [...events].sort(
      (a, b) =>
        Date.parse(a.at) - Date.parse(b.at) ||
        (a.requestId === b.requestId ? order.indexOf(a.action) - order.indexOf(b.action) : 0),
    );
    expect(chronological).toEqual(expected);
    const locking = chronological.slice(8, 11);
    expect(new Set(locking.map((event) => event.requestId)).size).toBe(1);
    // one request each, but for the third failure (three events) and the unlock (user.unlocked and the PATCH)
    expect(new Set(events.map((event) => event.requestId)).size).toBe(events.length - 3);

    // the unlock and the management write that made it are one request, the user's tenant on both
    expect(chronological.slice(12, 14).map((event) => [event.action, event.tenantId])).toEqual([
      ['user.unlocked', realm.tenantId],
      ['admin.PATCH /admin/v1/users/:id', realm.tenantId],
    ]);
    expect(chronological[13]?.requestId).toBe(chronological[12]?.requestId);

    const { raw } = await auditLog(server);
    expectNoSecret(raw, [
      PASSWORD,
      WRONG_PASSWORD,
      server.adminKey,
      ...realm.secrets,
      ...[tokens, after].flatMap((t) => [t.access_token, String(t.refresh_token), String(t.id_token)]),
    ]);
  });
});

describe('a policy change: preview, then invalidation on change', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    // opaque access tokens: introspection reads them through its cache
    server = await startServer({ ACCESS_TOKEN_FORMAT: 'opaque' });
  });
  afterAll(() => server?.stop());

  /** A tenant with a service client (tokens without a family or a session) and two users, each signed in once. */
  async function population(tenantId: string) {
    const realm = await createRealm(server, tenantId);
    const service = await createClient(server, {
      id: `${tenantId}-worker`,
      tenantId,
      name: 'Worker',
      scopes: ['jobs:read'],
    });
    realm.secrets.push(service.secret);
    await createUser(server, tenantId, 'alice');
    await createUser(server, tenantId, 'bob');
    const alice = await login(realm.web, 'alice');
    const bob = await login(realm.web, 'bob');
    const serviceToken = await oidc.clientCredentialsGrant(service.config, { scope: 'jobs:read' });
    return { realm, alice, bob, service: service.config, serviceToken };
  }

  /** expires_in and the introspected lifetime (exp − iat) of an access token. */
  async function lifetime(realm: Realm, tokens: oidc.TokenEndpointResponse) {
    const introspected = await oidc.tokenIntrospection(realm.api, tokens.access_token);
    expect(introspected.active).toBe(true);
    return [tokens.expires_in, Number(introspected.exp) - Number(introspected.iat)];
  }

  it('?dryRun=true answers the effective change and the live families and sessions under the tenant, and stores nothing', async () => {
    const { realm, alice, bob, service } = await population('preview');
    // a rotated refresh token is one family still; another tenant's logins are not counted
    const aliceRefreshed = await oidc.refreshTokenGrant(realm.web, String(alice.tokens.refresh_token));
    const elsewhere = await createRealm(server, 'elsewhere');
    await createUser(server, 'elsewhere', 'carol');
    await login(elsewhere.web, 'carol');
    const stored = await admin(server, 'GET', '/admin/v1/tenants/preview/policy', undefined, 200);

    const change = { accessTokenTtl: '30m', invalidateOnChange: true };
    const preview = await admin(server, 'PUT', '/admin/v1/tenants/preview/policy?dryRun=true', change, 200);
    expect(preview).toEqual({
      dryRun: true,
      policy: { accessTokenTtl: 1800, invalidateOnChange: true },
      warnings: [],
      changes: ['user', 'admin', 'anonymous', 'service'].map((subjectClass) => ({
        subjectClass,
        setting: 'accessTokenTtl',
        before: { value: 3600, source: { level: 'default' } },
        after: { value: 1800, source: { level: 'tenant', id: 'preview' } },
      })),
      invalidatesTokens: true,
      liveRefreshFamilies: 2,
      liveSessions: 2,
    });
    // without invalidateOnChange the same tokens would keep their own expiry
    const keeping = await admin<Record<string, unknown>>(
      server,
      'POST',
      '/admin/v1/tenants/preview/policy?dryRun=true',
      { accessTokenTtl: '30m' },
      200,
    );
    expect(keeping).toMatchObject({ invalidatesTokens: false, liveRefreshFamilies: 2, liveSessions: 2 });

    // nothing changed: the policy, its history, the tokens, and the lifetime of a token issued now
    expect(await admin(server, 'GET', '/admin/v1/tenants/preview/policy', undefined, 200)).toEqual(stored);
    expect(await admin(server, 'GET', '/admin/v1/tenants/preview/policy/history', undefined, 200)).toEqual({
      items: [],
    });
    for (const token of [aliceRefreshed.access_token, bob.tokens.access_token]) {
      expect((await oidc.tokenIntrospection(realm.api, token)).active).toBe(true);
    }
    const serviceAfter = await oidc.clientCredentialsGrant(service, { scope: 'jobs:read' });
    expect(await lifetime(realm, serviceAfter)).toEqual([3600, 3600]);
    const bobAfter = await oidc.refreshTokenGrant(realm.web, String(bob.tokens.refresh_token));
    expect(await lifetime(realm, bobAfter)).toEqual([3600, 3600]);
  });

  it('saved with invalidateOnChange: tokens issued before are inactive at once, through the introspection cache, and refresh is refused', async () => {
    const { realm, alice, bob, service, serviceToken } = await population('strict');
    // introspected once: the records sit in the introspection cache
    for (const token of [alice.tokens.access_token, bob.tokens.access_token, serviceToken.access_token]) {
      expect((await oidc.tokenIntrospection(realm.api, token)).active).toBe(true);
    }

    const saved = await admin<Record<string, unknown>>(
      server,
      'PUT',
      '/admin/v1/tenants/strict/policy',
      { accessTokenTtl: '30m', invalidateOnChange: true },
      200,
    );
    expect(saved).toMatchObject({ policy: { accessTokenTtl: 1800, invalidateOnChange: true }, warnings: [] });

    for (const token of [alice.tokens.access_token, bob.tokens.access_token, serviceToken.access_token]) {
      expect(await oidc.tokenIntrospection(realm.api, token)).toEqual({ active: false });
    }
    for (const tokens of [alice.tokens, bob.tokens]) {
      await expect(oidc.refreshTokenGrant(realm.web, String(tokens.refresh_token))).rejects.toMatchObject(
        refused,
      );
    }
    // tokens issued now have the new lifetime
    const fresh = await oidc.clientCredentialsGrant(service, { scope: 'jobs:read' });
    expect(await lifetime(realm, fresh)).toEqual([1800, 1800]);
    const signedIn = await login(realm.web, 'alice');
    expect(await lifetime(realm, signedIn.tokens)).toEqual([1800, 1800]);
  });

  it('records the saved change as an admin action on the tenant, with no secret in the audit log', async () => {
    const { realm, alice, bob, serviceToken } = await population('audited');
    const from = Date.now();
    await admin(
      server,
      'PUT',
      '/admin/v1/tenants/audited/policy',
      { accessTokenTtl: '30m', invalidateOnChange: true },
      200,
    );
    const to = Date.now();
    const { events } = await auditLog(server, {
      tenantId: 'audited',
      action: 'admin.PUT /admin/v1/tenants/:id/policy',
    });
    expect(events).toEqual([
      {
        id: anId,
        at: expect.any(String),
        actor: ADMIN,
        tenantId: 'audited',
        subject: 'audited',
        action: 'admin.PUT /admin/v1/tenants/:id/policy',
        outcome: 'success',
        requestId: anId,
        clientAddress: LOCAL,
        details: { status: 200 },
      },
    ]);
    const at = Date.parse(events[0]?.at ?? '');
    expect(at).toBeGreaterThanOrEqual(from);
    expect(at).toBeLessThanOrEqual(to);

    const { raw } = await auditLog(server);
    expectNoSecret(raw, [
      PASSWORD,
      server.adminKey,
      ...realm.secrets,
      serviceToken.access_token,
      ...[alice.tokens, bob.tokens].flatMap((t) => [
        t.access_token,
        String(t.refresh_token),
        String(t.id_token),
      ]),
    ]);
  });
});
