import {
  createLocalJWKSet,
  decodeProtectedHeader,
  type JSONWebKeySet,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { loadConfig } from '../../../src/config/load.ts';
import { buildLifespan } from '../../../src/main.ts';
import {
  codeRequest,
  REDIRECT_URI,
  UserAgent,
  type UserSetup,
  VERIFIER,
} from '../../support/browser-login.ts';
import { ADMIN_KEY, basic, type TestLifespan } from '../../support/lifespan.ts';
import { ManualClock } from '../../support/manual-clock.ts';

export const T0 = Date.parse('2026-01-01T00:00:00.000Z');
export const ISSUER = 'http://localhost:8080';
/** An instant `seconds` after T0, as the management API writes it. */
export const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

/**
 * A Lifespan like testLifespan, but with the real key generator: every key (a rotation's successor included)
 * is fresh key material with its own kid.
 */
export async function keyLifespan(
  env: Record<string, string> = {},
  clock = new ManualClock(),
): Promise<TestLifespan> {
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', LIFESPAN_ADMIN_KEY: ADMIN_KEY, ...env });
  const lifespan = await buildLifespan(config, { clock, logger: false });
  return {
    ...lifespan,
    clock,
    admin: (method, url, body) =>
      lifespan.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
        ...(body !== undefined && { payload: body as Record<string, unknown> }),
      }),
    form: (url, fields, headers = {}) =>
      lifespan.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams(fields).toString(),
      }),
  };
}

export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

/** Logs the user in through the browser flow (a fresh user agent) and exchanges the code. */
export async function login(
  lifespan: TestLifespan,
  setup: UserSetup,
  scope = 'openid profile',
): Promise<TokenBody> {
  const agent = new UserAgent(lifespan);
  const redirect = await agent.authorize(codeRequest(setup.clientId, { scope }), {
    username: setup.username,
    password: setup.password,
  });
  const code = redirect.searchParams.get('code');
  if (code === null) throw new Error(`no code: ${redirect}`);
  const exchange = await lifespan.form(
    '/oauth2/token',
    { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: VERIFIER },
    basic(setup.clientId, setup.secret),
  );
  if (exchange.statusCode !== 200) throw new Error(`exchange: ${exchange.statusCode} ${exchange.body}`);
  return exchange.json() as TokenBody;
}

export async function jwks(lifespan: TestLifespan): Promise<JSONWebKeySet> {
  const response = await lifespan.app.inject({ method: 'GET', url: '/oauth2/jwks' });
  if (response.statusCode !== 200) throw new Error(`jwks: ${response.statusCode} ${response.body}`);
  return response.json() as JSONWebKeySet;
}

/** The published keys as kid and alg, in the order served. */
export async function published(
  lifespan: TestLifespan,
): Promise<{ kid: string | undefined; alg: string | undefined }[]> {
  return (await jwks(lifespan)).keys.map((key) => ({ kid: key.kid, alg: key.alg }));
}

export interface KeyItem {
  kid: string;
  algorithm: string;
  status: string;
  createdAt: string;
  activatesAt: string;
  retiredAt: string | null;
  publishedUntil: string | null;
  revokedAt: string | null;
}

export async function keyList(lifespan: TestLifespan): Promise<KeyItem[]> {
  const response = await lifespan.admin('GET', '/admin/v1/keys');
  if (response.statusCode !== 200) throw new Error(`keys: ${response.statusCode} ${response.body}`);
  return (response.json() as { items: KeyItem[] }).items;
}

export const kidOf = (jwt: string): string | undefined => decodeProtectedHeader(jwt).kid;

/** Verifies a JWT against the JWKS served now, at the clock's instant; the payload, or the error's name. */
export async function verifyNow(
  lifespan: TestLifespan,
  jwt: string,
  typ: 'at+jwt' | 'JWT',
): Promise<{ payload: JWTPayload } | { error: string }> {
  try {
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(await jwks(lifespan)), {
      issuer: ISSUER,
      typ,
      currentDate: new Date(lifespan.clock.now()),
    });
    return { payload };
  } catch (error) {
    return {
      error: error instanceof Error ? ((error as Error & { code?: string }).code ?? error.name) : 'unknown',
    };
  }
}

export async function introspect(
  lifespan: TestLifespan,
  setup: Pick<UserSetup, 'clientId' | 'secret'>,
  token: string,
): Promise<Record<string, unknown>> {
  const response = await lifespan.form('/oauth2/introspect', { token }, basic(setup.clientId, setup.secret));
  if (response.statusCode !== 200) throw new Error(`introspect: ${response.statusCode} ${response.body}`);
  return response.json() as Record<string, unknown>;
}

export const refresh = (
  lifespan: TestLifespan,
  setup: Pick<UserSetup, 'clientId' | 'secret'>,
  refreshToken: string,
) =>
  lifespan.form(
    '/oauth2/token',
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    basic(setup.clientId, setup.secret),
  );

export const userinfo = (lifespan: TestLifespan, accessToken: string) =>
  lifespan.app.inject({
    method: 'GET',
    url: '/oauth2/userinfo',
    headers: { authorization: `Bearer ${accessToken}` },
  });

export const REFRESH_REFUSED = {
  error: 'invalid_grant',
  error_description: 'the refresh token is invalid, expired or revoked',
};
