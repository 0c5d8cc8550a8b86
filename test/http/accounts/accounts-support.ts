import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { basic, type TestLifespan, tenantWithClient, testLifespan } from '../../support/lifespan.ts';

/** The manual clock's start, in seconds. */
export const T0 = Date.parse('2026-01-01T00:00:00.000Z') / 1000;
export const DAY = 86_400;

export const APP = 'app';
export const PASSWORD = 'correct horse battery';
export const WRONG_CREDENTIALS = {
  error: 'invalid_grant',
  error_description: 'invalid username or password',
};
export const ACCOUNT_EXPIRED = { error: 'invalid_grant', error_description: 'the account has expired' };
export const REFRESH_REFUSED = {
  error: 'invalid_grant',
  error_description: 'the refresh token is invalid, expired or revoked',
};
export const INVALID_TOKEN = {
  error: 'invalid_token',
  error_description: 'the access token is invalid, expired or revoked',
};

export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  refresh_token?: string;
  refresh_token_expires_in?: number;
}

export interface Accounts {
  lifespan: TestLifespan;
  /** A confidential client of the tenant, for introspection. */
  introspector: { clientId: string; secret: string };
  /** A JSON POST to the first-party API. */
  post(path: string, body: Record<string, unknown>, token?: string): Promise<LightMyRequestResponse>;
  /** A JSON POST that must answer `status`; returns the token response. */
  tokens(path: string, body: Record<string, unknown>, status?: number): Promise<TokenBody>;
  login(username: string, password?: string, extra?: Record<string, unknown>): Promise<TokenBody>;
  me(token: string): Promise<LightMyRequestResponse>;
  refresh(refreshToken: string, clientId?: string): Promise<LightMyRequestResponse>;
  active(accessToken: string): Promise<boolean>;
  introspect(accessToken: string): Promise<Record<string, unknown>>;
  createUser(fields: Record<string, unknown>): Promise<{ id: string } & Record<string, unknown>>;
}

/**
 * Tenant `acme` with a confidential client `service-a` (introspection) and a public first-party client `app`
 * that holds refresh tokens.
 */
export async function accounts(
  options: { env?: Record<string, string>; tenant?: Record<string, unknown> } = {},
): Promise<Accounts> {
  const lifespan = await testLifespan(options.env);
  const introspector = await tenantWithClient(lifespan, options.tenant ? { tenant: options.tenant } : {});
  const app = await lifespan.admin('POST', '/admin/v1/clients', {
    id: APP,
    tenantId: 'acme',
    name: 'Acme App',
    firstParty: true,
    grantTypes: ['refresh_token'],
    scopes: ['read', 'write'],
    tokenEndpointAuthMethod: 'none',
  });
  if (app.statusCode !== 201) throw new Error(`client: ${app.body}`);

  const post = (path: string, body: Record<string, unknown>, token?: string) =>
    lifespan.app.inject({
      method: 'POST',
      url: `/api/v1/auth/${path}`,
      payload: body,
      ...(token !== undefined && { headers: { authorization: `Bearer ${token}` } }),
    });
  const tokens = async (path: string, body: Record<string, unknown>, status = 200) => {
    const response = await post(path, body);
    if (response.statusCode !== status) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
    expect(response.headers['cache-control']).toBe('no-store');
    return response.json() as TokenBody;
  };
  const introspect = async (accessToken: string) => {
    const response = await lifespan.form(
      '/oauth2/introspect',
      { token: accessToken },
      basic(introspector.clientId, introspector.secret),
    );
    expect(response.statusCode).toBe(200);
    return response.json() as Record<string, unknown>;
  };
  return {
    lifespan,
    introspector,
    post,
    tokens,
    login: (username, password = PASSWORD, extra = {}) =>
      tokens('login', { client_id: APP, username, password, ...extra }),
    me: (token) =>
      lifespan.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${token}` },
      }),
    refresh: (refreshToken, clientId = APP) =>
      lifespan.form('/oauth2/token', {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: clientId,
      }),
    introspect,
    active: async (accessToken) => {
      const body = await introspect(accessToken);
      if (body.active === false) expect(body).toEqual({ active: false });
      return body.active === true;
    },
    createUser: async (fields) => {
      const response = await lifespan.admin('POST', '/admin/v1/users', {
        tenantId: 'acme',
        password: PASSWORD,
        ...fields,
      });
      if (response.statusCode !== 201) throw new Error(`user: ${response.statusCode} ${response.body}`);
      return response.json() as { id: string } & Record<string, unknown>;
    },
  };
}

/** The RFC 6750 §3 challenge of a 401 with invalid_token. */
export function expectInvalidToken(
  response: LightMyRequestResponse,
  description = INVALID_TOKEN.error_description,
) {
  expect(response.statusCode).toBe(401);
  expect(response.json()).toEqual({ error: 'invalid_token', error_description: description });
  expect(response.headers['www-authenticate']).toBe(
    `Bearer realm="lifespan", error="invalid_token", error_description="${description}"`,
  );
  expect(response.headers['cache-control']).toBe('no-store');
}

/** A refresh that the server must refuse. */
export function expectRefreshRefused(response: LightMyRequestResponse) {
  expect(response.statusCode).toBe(400);
  expect(response.json()).toEqual(REFRESH_REFUSED);
}
