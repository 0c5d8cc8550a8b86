import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import {
  codeRequest,
  cookieHeader,
  cookiesOf,
  hiddenFields,
  REDIRECT_URI,
  VERIFIER,
} from '../../support/browser-login.ts';
import { basic, type TestLifespan } from '../../support/lifespan.ts';
import {
  type Accounts,
  APP,
  accounts,
  PASSWORD,
  type TokenBody,
  WRONG_CREDENTIALS,
} from '../accounts/accounts-support.ts';

export { PASSWORD, WRONG_CREDENTIALS };

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86_400;
export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** Seed 004 #6: device.maxFailures=3, failureWindow=10m, lockDuration=15m; user 2 locks / 1 d / 3 d. */
export const SEED_004 = {
  deviceMaxFailures: 3,
  deviceFailureWindow: '10m',
  deviceLockDuration: '15m',
  userMaxDeviceLocks: 2,
  userDeviceLockWindow: '1d',
  userLockDuration: '3d',
} as const;

export const WRONG_PASSWORD = 'not the password 7f3a';
export const LOCKED_OUT = {
  error: 'invalid_grant',
  error_description: 'too many failed logins: try again later',
};

/** The client address of each device a test uses (the pages' device); the API sends `phone-<name>`. */
export const DEVICES = {
  A: '198.51.100.1',
  B: '198.51.100.2',
  C: '198.51.100.3',
  D: '198.51.100.4',
  E: '198.51.100.5',
} as const;
export type Device = keyof typeof DEVICES;
/** The address API calls come from: the API names its device with device_id. */
export const API_ADDRESS = '203.0.113.200';

export interface Credentials {
  clientId: string;
  secret: string;
}

export interface LockoutEnv {
  a: Accounts;
  lifespan: TestLifespan;
  userId: string;
  /** A confidential web client of the login page (authorization code + refresh). */
  web: Credentials;
  /** A device-flow client (RFC 8628). */
  tv: Credentials;
}

/** Tenant `acme` with the lockout policy given, the API's `app`, a web client, a TV client and user alice. */
export async function lockoutEnv(policy: Record<string, unknown> = SEED_004): Promise<LockoutEnv> {
  const a = await accounts();
  const { lifespan } = a;
  const web = await lifespan.admin('POST', '/admin/v1/clients', {
    id: 'web',
    tenantId: 'acme',
    name: 'Web',
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile', 'email'],
    redirectUris: [REDIRECT_URI],
  });
  if (web.statusCode !== 201) throw new Error(`web: ${web.body}`);
  const tv = await lifespan.admin('POST', '/admin/v1/clients', {
    id: 'tv',
    tenantId: 'acme',
    name: 'TV',
    grantTypes: [DEVICE_GRANT, 'refresh_token'],
    scopes: ['openid', 'profile'],
  });
  if (tv.statusCode !== 201) throw new Error(`tv: ${tv.body}`);
  const user = await a.createUser({ username: 'alice' });
  const saved = await lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', policy);
  if (saved.statusCode !== 200) throw new Error(`policy: ${saved.body}`);
  return {
    a,
    lifespan,
    userId: user.id,
    web: { clientId: 'web', secret: web.json().clientSecret },
    tv: { clientId: 'tv', secret: tv.json().clientSecret },
  };
}

/** A browser at one client address, keeping its cookies. */
export class Browser {
  cookies: Record<string, string> = {};

  constructor(
    private readonly lifespan: TestLifespan,
    readonly address: string,
  ) {}

  private async send(options: InjectOptions): Promise<LightMyRequestResponse> {
    const response = await this.lifespan.app.inject({ ...options, remoteAddress: this.address });
    Object.assign(this.cookies, cookiesOf(response));
    return response;
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.send({ method: 'GET', url, headers: { cookie: cookieHeader(this.cookies) } });
  }

  post(url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.send({
      method: 'POST',
      url,
      headers: {
        cookie: cookieHeader(this.cookies),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams(fields).toString(),
    });
  }
}

/**
 * One login attempt's answer: `ok`, `wrong` (exactly "invalid username or password"), `locked` (exactly "too
 * many failed logins: try again later"), or else the status and body, so that a failure shows what came.
 */
export interface Attempt {
  outcome: string;
  response: LightMyRequestResponse;
  /** What the caller sees, without the per-request values (form guards, the username echoed back). */
  seen: string;
  browser?: Browser;
}

const ALERT = /<p class="error" role="alert">([^<]*)<\/p>/;
const unexpected = (response: LightMyRequestResponse) =>
  `${response.statusCode} ${response.body.slice(0, 300)}`;

/** The answer of a login page: 401 with the form again and the message as its alert. */
function pageOutcome(response: LightMyRequestResponse, action: string): string {
  if (response.statusCode !== 401 || !response.body.includes(`action="${action}"`))
    return unexpected(response);
  const alert = ALERT.exec(response.body)?.[1];
  if (alert === WRONG_CREDENTIALS.error_description) return 'wrong';
  if (alert === LOCKED_OUT.error_description) return 'locked';
  return unexpected(response);
}

const pageSeen = (response: LightMyRequestResponse, username: string) =>
  `${response.statusCode} ${response.body
    .replace(/(<input type="hidden" name="[^"]+" value=")[^"]*"/g, '$1"')
    .replaceAll(`value="${username}"`, 'value=""')}`;

export interface LoginPath {
  name: string;
  /** The device the server counts for `device`: the API's device_id, or the page's client address. */
  deviceId(device: Device): string;
  login(env: LockoutEnv, username: string, password: string, device: Device): Promise<Attempt>;
}

/** POST /api/v1/auth/login with device_id. */
export const firstPartyApi: LoginPath = {
  name: 'first-party API (device_id)',
  deviceId: (device) => `phone-${device}`,
  async login(env, username, password, device) {
    const response = await env.lifespan.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { client_id: APP, username, password, device_id: `phone-${device}` },
      remoteAddress: API_ADDRESS,
    });
    const body = response.body;
    let outcome = unexpected(response);
    if (response.statusCode === 200 && typeof response.json().access_token === 'string') outcome = 'ok';
    if (response.statusCode === 400 && body === JSON.stringify(WRONG_CREDENTIALS)) outcome = 'wrong';
    if (response.statusCode === 400 && body === JSON.stringify(LOCKED_OUT)) outcome = 'locked';
    return { outcome, response, seen: `${response.statusCode} ${body}` };
  },
};

/** GET /oauth2/authorize, then POST /oauth2/authorize/login from the device's address. */
export const loginPage: LoginPath = {
  name: 'login page (client address)',
  deviceId: (device) => DEVICES[device],
  async login(env, username, password, device) {
    const browser = new Browser(env.lifespan, DEVICES[device]);
    return authorizeLogin(browser, username, password);
  },
};

/** The authorization endpoint's login page, from `browser`. */
export async function authorizeLogin(browser: Browser, username: string, password: string): Promise<Attempt> {
  const page = await browser.get(`/oauth2/authorize?${new URLSearchParams(codeRequest('web'))}`);
  expect(page.statusCode, page.body).toBe(200);
  const response = await browser.post('/oauth2/authorize/login', {
    ...hiddenFields(page.body),
    username,
    password,
  });
  const location = response.headers.location;
  const outcome =
    response.statusCode === 303 &&
    typeof location === 'string' &&
    new URL(location).searchParams.get('code') !== null
      ? 'ok'
      : pageOutcome(response, '/oauth2/authorize/login');
  return { outcome, response, seen: pageSeen(response, username), browser };
}

/** A device authorization (RFC 8628 §3.1) and the page where its user signs in, up to the login page. */
export async function deviceLoginPage(env: LockoutEnv, browser: Browser) {
  const started = await env.lifespan.form(
    '/oauth2/device_authorization',
    { scope: 'openid profile' },
    basic(env.tv.clientId, env.tv.secret),
  );
  expect(started.statusCode, started.body).toBe(200);
  const { device_code: deviceCode, user_code: userCode } = started.json() as {
    device_code: string;
    user_code: string;
  };
  const codePage = await browser.get(`/device?user_code=${encodeURIComponent(userCode)}`);
  expect(codePage.statusCode).toBe(200);
  const page = await browser.post('/device', { ...hiddenFields(codePage.body), user_code: userCode });
  return { deviceCode, page };
}

/** POST /oauth2/device_authorization, GET and POST /device, then POST /device/login from the device's address. */
export const deviceLogin: LoginPath = {
  name: 'device-flow login page (client address)',
  deviceId: (device) => DEVICES[device],
  async login(env, username, password, device) {
    const browser = new Browser(env.lifespan, DEVICES[device]);
    const { page } = await deviceLoginPage(env, browser);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('action="/device/login"');
    const response = await browser.post('/device/login', { ...hiddenFields(page.body), username, password });
    const outcome =
      response.statusCode === 200 && response.body.includes('action="/device/decision"')
        ? 'ok'
        : pageOutcome(response, '/device/login');
    return { outcome, response, seen: pageSeen(response, username), browser };
  },
};

export const LOGIN_PATHS: LoginPath[] = [firstPartyApi, loginPage, deviceLogin];

/** `count` logins one after another; their outcomes. */
export async function attempts(
  path: LoginPath,
  env: LockoutEnv,
  count: number,
  device: Device,
  password = WRONG_PASSWORD,
  username = 'alice',
): Promise<string[]> {
  const outcomes: string[] = [];
  for (let i = 0; i < count; i++) outcomes.push((await path.login(env, username, password, device)).outcome);
  return outcomes;
}

/** Locks `device` for alice: deviceMaxFailures (3) wrong passwords, each answered as a wrong password. */
export async function lockDevice(path: LoginPath, env: LockoutEnv, device: Device, failures = 3) {
  expect(await attempts(path, env, failures, device)).toEqual(Array(failures).fill('wrong'));
}

export interface UserView {
  lockedForSecurityReasons: boolean;
  lockedUntil: string | null;
}

export async function userView(env: LockoutEnv): Promise<UserView> {
  const response = await env.lifespan.admin('GET', `/admin/v1/users/${env.userId}`);
  expect(response.statusCode).toBe(200);
  return response.json() as UserView;
}

export const iso = (epochMs: number) => new Date(epochMs).toISOString();

// ---- tokens and sessions of the user, to check that a lock ends them ----

export interface Held {
  api: TokenBody;
  web: TokenBody;
  tv: TokenBody;
  /** Browsers holding a login session: the login page's and the device flow's. */
  sessions: Browser[];
}

/** Tokens from the three login paths and two browser sessions, all from device E. */
export async function holdEverything(env: LockoutEnv): Promise<Held> {
  const api = await env.a.login('alice', PASSWORD, { device_id: 'phone-E' });

  const browser = new Browser(env.lifespan, DEVICES.E);
  const login = await authorizeLogin(browser, 'alice', PASSWORD);
  expect(login.outcome).toBe('ok');
  const code = new URL(String(login.response.headers.location)).searchParams.get('code') ?? '';
  const exchanged = await env.lifespan.form(
    '/oauth2/token',
    { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: VERIFIER },
    basic(env.web.clientId, env.web.secret),
  );
  expect(exchanged.statusCode, exchanged.body).toBe(200);

  const tvBrowser = new Browser(env.lifespan, DEVICES.E);
  const { deviceCode, page } = await deviceLoginPage(env, tvBrowser);
  const decision = await tvBrowser.post('/device/login', {
    ...hiddenFields(page.body),
    username: 'alice',
    password: PASSWORD,
  });
  expect(decision.statusCode, decision.body).toBe(200);
  const approved = await tvBrowser.post('/device/decision', {
    ...hiddenFields(decision.body),
    decision: 'approve',
  });
  expect(approved.statusCode, approved.body).toBe(200);
  const polled = await env.lifespan.form(
    '/oauth2/token',
    { grant_type: DEVICE_GRANT, device_code: deviceCode },
    basic(env.tv.clientId, env.tv.secret),
  );
  expect(polled.statusCode, polled.body).toBe(200);
  const held: Held = {
    api,
    web: exchanged.json() as TokenBody,
    tv: polled.json() as TokenBody,
    sessions: [browser, tvBrowser],
  };
  for (const token of [held.api, held.web, held.tv]) expect(token.refresh_token).toEqual(expect.any(String));
  return held;
}

/** A refresh of one of the held tokens. */
export function refreshHeld(env: LockoutEnv, held: Held, which: 'api' | 'web' | 'tv') {
  const refreshToken = held[which].refresh_token ?? '';
  if (which === 'api') return env.a.refresh(refreshToken);
  const client = which === 'web' ? env.web : env.tv;
  return env.lifespan.form(
    '/oauth2/token',
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    basic(client.clientId, client.secret),
  );
}

/** Whether a browser's login session still answers the authorization endpoint without a login page. */
export async function sessionAlive(browser: Browser): Promise<boolean> {
  const response = await browser.get(
    `/oauth2/authorize?${new URLSearchParams(codeRequest('web', { state: 'probe' }))}`,
  );
  if (response.statusCode === 302) return true;
  expect(response.statusCode, response.body).toBe(200);
  expect(response.body).toContain('action="/oauth2/authorize/login"');
  return false;
}

/** Every token and session held is in use. */
export async function expectAllAlive(env: LockoutEnv, held: Held) {
  for (const which of ['api', 'web', 'tv'] as const) {
    expect(await env.a.active(held[which].access_token), `${which} access token`).toBe(true);
  }
  for (const browser of held.sessions) expect(await sessionAlive(browser)).toBe(true);
}

/** Every token and session held has ended: introspection says inactive, refresh is refused, no session. */
export async function expectAllEnded(env: LockoutEnv, held: Held) {
  for (const which of ['api', 'web', 'tv'] as const) {
    expect(await env.a.introspect(held[which].access_token), `${which} access token`).toEqual({
      active: false,
    });
    const refreshed = await refreshHeld(env, held, which);
    expect(refreshed.statusCode, `${which} refresh: ${refreshed.body}`).toBe(400);
    expect(refreshed.json().error).toBe('invalid_grant');
  }
  const me = await env.a.me(held.api.access_token);
  expect(me.statusCode).toBe(401);
  for (const browser of held.sessions) expect(await sessionAlive(browser)).toBe(false);
}

// ---- the audit log ----

export interface AuditEventView {
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

export interface AuditPage {
  items: AuditEventView[];
  next: string | null;
}

export async function auditPage(
  lifespan: TestLifespan,
  query: Record<string, string> = {},
): Promise<AuditPage> {
  const response = await lifespan.admin('GET', `/admin/v1/audit?${new URLSearchParams(query)}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as AuditPage;
}

/** Every event matching the query, following `next` to the end. */
export async function allEvents(
  lifespan: TestLifespan,
  query: Record<string, string> = {},
): Promise<AuditEventView[]> {
  const events: AuditEventView[] = [];
  let page = await auditPage(lifespan, { limit: '500', ...query });
  events.push(...page.items);
  while (page.next !== null) {
    page = await auditPage(lifespan, { limit: '500', ...query, before: page.next });
    events.push(...page.items);
  }
  return events;
}
