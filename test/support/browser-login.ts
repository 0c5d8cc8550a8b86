import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { TestLifespan } from './lifespan.ts';

export const REDIRECT_URI = 'https://app.example/cb';
export const VERIFIER = 'a-code-verifier-of-forty-three-characters-xyz';
export const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

/** The cookies a response sets, as name → value. */
export function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
  const header = response.headers['set-cookie'];
  const lines = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return Object.fromEntries(
    lines.map((line) => {
      const [pair = ''] = line.split(';');
      const separator = pair.indexOf('=');
      return [pair.slice(0, separator), pair.slice(separator + 1)];
    }),
  );
}

export const cookieHeader = (cookies: Record<string, string>): string =>
  Object.entries(cookies)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');

/** The hidden fields of the page's form. */
export function hiddenFields(html: string): Record<string, string> {
  return Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1] ?? '',
      m[2] ?? '',
    ]),
  );
}

/** Acts as the user agent: GET /oauth2/authorize, and when a login page comes, posts the credentials. */
export class UserAgent {
  cookies: Record<string, string> = {};

  constructor(private readonly lifespan: TestLifespan) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    const response = await this.lifespan.app.inject({
      method: 'GET',
      url,
      headers: { cookie: cookieHeader(this.cookies) },
    });
    Object.assign(this.cookies, cookiesOf(response));
    return response;
  }

  async post(url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    const response = await this.lifespan.app.inject({
      method: 'POST',
      url,
      headers: { cookie: cookieHeader(this.cookies), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });
    Object.assign(this.cookies, cookiesOf(response));
    return response;
  }

  /** Authorizes, logging in when asked; returns the final redirect's URL. */
  async authorize(
    parameters: Record<string, string>,
    credentials?: { username: string; password: string },
  ): Promise<URL> {
    let response = await this.get(`/oauth2/authorize?${new URLSearchParams(parameters)}`);
    if (response.statusCode === 200 && credentials) {
      response = await this.post('/oauth2/authorize/login', {
        ...hiddenFields(response.body),
        ...credentials,
      });
    }
    const location = response.headers.location;
    if (typeof location !== 'string') throw new Error(`no redirect: ${response.statusCode} ${response.body}`);
    return new URL(location);
  }
}

export const codeRequest = (clientId: string, extra: Record<string, string> = {}) => ({
  response_type: 'code',
  client_id: clientId,
  redirect_uri: REDIRECT_URI,
  scope: 'openid profile',
  state: 'state-1',
  nonce: 'nonce-1',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
  ...extra,
});

export interface UserSetup {
  clientId: string;
  secret: string;
  userId: string;
  username: string;
  password: string;
}

/** A tenant, a confidential web client with refresh tokens, and a user. */
export async function webClientAndUser(
  lifespan: TestLifespan,
  options: { client?: Record<string, unknown>; user?: Record<string, unknown> } = {},
): Promise<UserSetup> {
  await lifespan.admin('POST', '/admin/v1/tenants', { id: 'acme', name: 'Acme' });
  const client = await lifespan.admin('POST', '/admin/v1/clients', {
    id: 'web',
    tenantId: 'acme',
    name: 'Web',
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile', 'email'],
    redirectUris: [REDIRECT_URI],
    ...options.client,
  });
  if (client.statusCode !== 201) throw new Error(client.body);
  const user = await lifespan.admin('POST', '/admin/v1/users', {
    tenantId: 'acme',
    username: 'alice',
    password: 'correct horse battery',
    profile: { name: 'Alice', email: 'alice@example.com', email_verified: true },
    ...options.user,
  });
  if (user.statusCode !== 201) throw new Error(user.body);
  return {
    clientId: 'web',
    secret: client.json().clientSecret,
    userId: user.json().id,
    username: 'alice',
    password: 'correct horse battery',
  };
}
