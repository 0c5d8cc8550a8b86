import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHALLENGE,
  codeRequest,
  REDIRECT_URI,
  UserAgent,
  VERIFIER,
  webClientAndUser,
} from '../support/browser-login.ts';
import { basic, type TestLifespan, testLifespan } from '../support/lifespan.ts';

interface TokenBody {
  access_token: string;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  expires_in: number;
  scope: string;
  id_token?: string;
}

async function loggedIn(env: Record<string, string>, tenantPolicy?: Record<string, unknown>) {
  const lifespan = await testLifespan(env);
  const setup = await webClientAndUser(lifespan);
  if (tenantPolicy) {
    const saved = await lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', tenantPolicy);
    if (saved.statusCode !== 200) throw new Error(saved.body);
  }
  const agent = new UserAgent(lifespan);
  const redirect = await agent.authorize(codeRequest(setup.clientId), setup);
  const auth = basic(setup.clientId, setup.secret);
  const exchange = await lifespan.form(
    '/oauth2/token',
    {
      grant_type: 'authorization_code',
      code: redirect.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT_URI,
      code_verifier: VERIFIER,
    },
    auth,
  );
  if (exchange.statusCode !== 200) throw new Error(exchange.body);
  const refresh = (token: string, extra: Record<string, string> = {}) =>
    lifespan.form('/oauth2/token', { grant_type: 'refresh_token', refresh_token: token, ...extra }, auth);
  const active = async (accessToken: string) =>
    (await lifespan.form('/oauth2/introspect', { token: accessToken }, auth)).json().active as boolean;
  return { lifespan, setup, first: exchange.json() as TokenBody, refresh, active };
}

const INVALID = {
  error: 'invalid_grant',
  error_description: 'the refresh token is invalid, expired or revoked',
};

describe('refresh tokens', () => {
  let lifespan: TestLifespan;
  afterEach(() => lifespan.close());

  it('rotates: a refresh gives a new pair; with no reuse interval the old token then ends the family (seed 003 #4)', async () => {
    const s = await loggedIn({});
    lifespan = s.lifespan;
    expect(s.first.refresh_token_expires_in).toBe(2_592_000);
    const second = await s.refresh(s.first.refresh_token ?? '');
    expect(second.statusCode).toBe(200);
    expect(second.headers['cache-control']).toBe('no-store');
    const pair = second.json() as TokenBody;
    expect(pair.refresh_token).not.toBe(s.first.refresh_token);
    expect(Object.keys(pair).sort()).toEqual(
      [
        'access_token',
        'expires_in',
        'id_token',
        'refresh_token',
        'refresh_token_expires_in',
        'scope',
        'token_type',
      ].sort(),
    );
    const reuse = await s.refresh(s.first.refresh_token ?? '');
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json()).toEqual(INVALID);
    // reuse detection revokes the whole family: the successor and its access token end too
    expect((await s.refresh(pair.refresh_token ?? '')).json()).toEqual(INVALID);
    expect(await s.active(pair.access_token)).toBe(false);
  });

  it('answers a retry inside the reuse interval with the same pair, and ends the family after it', async () => {
    const s = await loggedIn({ REFRESH_TOKEN_REUSE_INTERVAL: '10' });
    lifespan = s.lifespan;
    const second = await s.refresh(s.first.refresh_token ?? '');
    lifespan.clock.advance(9);
    const retry = await s.refresh(s.first.refresh_token ?? '');
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(second.json());
    lifespan.clock.advance(1);
    expect((await s.refresh(s.first.refresh_token ?? '')).json()).toEqual(INVALID);
    expect((await s.refresh((second.json() as TokenBody).refresh_token ?? '')).json()).toEqual(INVALID);
  });

  it('never yields two live successors from concurrent refreshes of one token', async () => {
    const s = await loggedIn({ REFRESH_TOKEN_REUSE_INTERVAL: '10' });
    lifespan = s.lifespan;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => s.refresh(s.first.refresh_token ?? '')),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(200));
    const successors = new Set(answers.map((a) => (a.json() as TokenBody).refresh_token));
    expect(successors.size).toBe(1);
    const [successor = ''] = successors;
    expect((await s.refresh(successor)).statusCode).toBe(200);
  });

  it('without a reuse interval, concurrent refreshes leave no live successor at all', async () => {
    const s = await loggedIn({});
    lifespan = s.lifespan;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => s.refresh(s.first.refresh_token ?? '')),
    );
    const succeeded = answers.filter((a) => a.statusCode === 200);
    expect(succeeded.length).toBeLessThanOrEqual(1);
    expect(answers.filter((a) => a.statusCode === 400).every((a) => a.json().error === 'invalid_grant')).toBe(
      true,
    );
    for (const answer of succeeded) {
      expect((await s.refresh((answer.json() as TokenBody).refresh_token ?? '')).json()).toEqual(INVALID);
    }
  });

  it('keeps the same refresh token without rotation, and its expiry counts from the login (absolute)', async () => {
    const s = await loggedIn({
      REFRESH_TOKEN_ROTATION: 'false',
      REFRESH_TOKEN_TTL: '1h',
      REFRESH_TOKEN_ABSOLUTE_TTL: '3h',
    });
    lifespan = s.lifespan;
    lifespan.clock.advance(1800);
    const again = await s.refresh(s.first.refresh_token ?? '');
    expect(again.json()).toMatchObject({
      refresh_token: s.first.refresh_token,
      refresh_token_expires_in: 1800,
    });
    lifespan.clock.advance(1799);
    expect((await s.refresh(s.first.refresh_token ?? '')).statusCode).toBe(200);
    lifespan.clock.advance(1);
    expect((await s.refresh(s.first.refresh_token ?? '')).json()).toEqual(INVALID);
  });

  it('absolute: rotation never extends the family; each successor keeps the login-based expiry', async () => {
    const s = await loggedIn({ REFRESH_TOKEN_TTL: '1h', REFRESH_TOKEN_ABSOLUTE_TTL: '3h' });
    lifespan = s.lifespan;
    lifespan.clock.advance(3000);
    const second = (await s.refresh(s.first.refresh_token ?? '')).json() as TokenBody;
    expect(second.refresh_token_expires_in).toBe(600);
    lifespan.clock.advance(600);
    expect((await s.refresh(second.refresh_token ?? '')).json()).toEqual(INVALID);
  });

  it('sliding: each use renews the idle window, capped by the absolute lifetime (seed 003 #5)', async () => {
    const s = await loggedIn(
      { REFRESH_TOKEN_TTL: '1h', REFRESH_TOKEN_ABSOLUTE_TTL: '3h' },
      { refreshTokenExpiration: 'sliding' },
    );
    lifespan = s.lifespan;
    let token = s.first.refresh_token ?? '';
    const windows: number[] = [];
    for (let step = 0; step < 3; step++) {
      lifespan.clock.advance(3000);
      const answer = (await s.refresh(token)).json() as TokenBody;
      windows.push(answer.refresh_token_expires_in ?? -1);
      token = answer.refresh_token ?? '';
    }
    // used every 50 minutes: the window slides to an hour, until the family's end 3 h after login
    expect(windows).toEqual([3600, 3600, 1800]);
    lifespan.clock.advance(1799);
    const last = (await s.refresh(token)).json() as TokenBody;
    expect(last.refresh_token_expires_in).toBe(1);
    lifespan.clock.advance(1);
    expect((await s.refresh(last.refresh_token ?? '')).json()).toEqual(INVALID);
  });

  it('sliding: an idle token expires at the end of its window', async () => {
    const s = await loggedIn({ REFRESH_TOKEN_TTL: '1h' }, { refreshTokenExpiration: 'sliding' });
    lifespan = s.lifespan;
    lifespan.clock.advance(3600);
    expect((await s.refresh(s.first.refresh_token ?? '')).json()).toEqual(INVALID);
  });

  it('issues no refresh token under the api-only preset, and refuses a refresh', async () => {
    lifespan = await testLifespan();
    const setup = await webClientAndUser(lifespan);
    await lifespan.admin('POST', '/admin/v1/tenants/acme/policy/preset', { preset: 'api-only' });
    const redirect = await new UserAgent(lifespan).authorize(codeRequest(setup.clientId), setup);
    const exchange = await lifespan.form(
      '/oauth2/token',
      {
        grant_type: 'authorization_code',
        code: redirect.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT_URI,
        code_verifier: VERIFIER,
      },
      basic(setup.clientId, setup.secret),
    );
    expect(Object.keys(exchange.json()).sort()).toEqual([
      'access_token',
      'expires_in',
      'id_token',
      'scope',
      'token_type',
    ]);
  });

  it('may narrow the scopes, never widen them (RFC 6749 §6)', async () => {
    const s = await loggedIn({ REFRESH_TOKEN_REUSE_INTERVAL: '0' });
    lifespan = s.lifespan;
    const wider = await s.refresh(s.first.refresh_token ?? '', { scope: 'openid email' });
    expect(wider.json()).toEqual({
      error: 'invalid_scope',
      error_description: 'scope exceeds the original grant: email',
    });
    const narrower = await s.refresh(s.first.refresh_token ?? '', { scope: 'openid' });
    expect(narrower.json()).toMatchObject({ scope: 'openid' });
  });

  it('has the opaque shape, and its public id with another secret is refused without touching the family', async () => {
    const s = await loggedIn({});
    lifespan = s.lifespan;
    const token = s.first.refresh_token ?? '';
    expect(token).toMatch(/^[0-9a-z]{23}[\w-]{43}$/);
    const forged = `${token.slice(0, 23)}${'A'.repeat(43)}`;
    const refused = await s.refresh(forged);
    expect({ status: refused.statusCode, body: refused.json() }).toEqual({ status: 400, body: INVALID });
    // RFC 7009 §2.2: revoking an invalid token answers 200 and changes nothing
    const auth = basic(s.setup.clientId, s.setup.secret);
    const revoked = await lifespan.form('/oauth2/revoke', { token: forged }, auth);
    expect({ status: revoked.statusCode, body: revoked.body }).toEqual({ status: 200, body: '' });
    for (const cut of [token.slice(0, -1), `${token}A`, token.slice(23)])
      expect((await s.refresh(cut)).json()).toEqual(INVALID);
    const real = await s.refresh(token);
    expect(real.statusCode).toBe(200);
    expect(await s.active((real.json() as TokenBody).access_token)).toBe(true);
  });

  it('is stored as its public id and the SHA-256 of its secret, never in clear', async () => {
    const s = await loggedIn({});
    lifespan = s.lifespan;
    const token = s.first.refresh_token ?? '';
    const found = await lifespan.services.repositories.grants.findRefreshToken(token.slice(0, 23));
    expect(found?.token.id).toBe(token.slice(0, 23));
    expect(found?.token.secretHash).toBe(createHash('sha256').update(token.slice(23)).digest('base64url'));
    expect(JSON.stringify(found)).not.toContain(token.slice(23));
  });

  it('refuses a refresh token presented by another client', async () => {
    const s = await loggedIn({});
    lifespan = s.lifespan;
    const other = await lifespan.admin('POST', '/admin/v1/clients', {
      id: 'other',
      tenantId: 'acme',
      name: 'Other',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'profile'],
      redirectUris: [REDIRECT_URI],
    });
    const response = await lifespan.form(
      '/oauth2/token',
      { grant_type: 'refresh_token', refresh_token: s.first.refresh_token ?? '' },
      basic('other', other.json().clientSecret),
    );
    expect(response.json()).toEqual(INVALID);
    // the refusal does not burn the token for its own client
    expect((await s.refresh(s.first.refresh_token ?? '')).statusCode).toBe(200);
  });

  it.each([
    ['the user', '/admin/v1/users/USER/expire-tokens'],
    ['the client', '/admin/v1/clients/web/expire-tokens'],
    ['the tenant', '/admin/v1/tenants/acme/expire-tokens'],
    ['the service', '/admin/v1/service/expire-tokens'],
  ])('ends refresh tokens when the tokens of %s are expired', async (_who, url) => {
    const s = await loggedIn({});
    lifespan = s.lifespan;
    lifespan.clock.advance(1);
    expect((await lifespan.admin('POST', url.replace('USER', s.setup.userId))).statusCode).toBe(200);
    expect((await s.refresh(s.first.refresh_token ?? '')).json()).toEqual(INVALID);
    expect(await s.active(s.first.access_token)).toBe(false);
  });

  it('keeps the PKCE challenge constant used by these tests honest', () => {
    expect(CHALLENGE).toMatch(/^[\w-]{43}$/);
  });
});
