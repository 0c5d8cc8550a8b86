import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Accounts, APP, accounts, PASSWORD, T0 } from './accounts-support.ts';

const ISSUER = 'https://idp.example';
const AUDIENCE = 'acme-mobile';
const NOT_VALID = { error: 'invalid_grant', error_description: 'the ID token is not valid' };
const NOT_TRUSTED = {
  error: 'invalid_grant',
  error_description: 'the ID token is not from a provider this tenant trusts',
};

/** A throw-away OpenID provider: its JWKS served on 127.0.0.1, its private key to sign ID tokens with. */
let server: Server;
let jwksUri: string;
let privateKey: CryptoKey;
let strangerKey: CryptoKey;
let jwksRequests = 0;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' };
  server = createServer((request, response) => {
    if (request.url !== '/jwks') {
      response.writeHead(404).end();
      return;
    }
    jwksRequests += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
});

afterAll(
  () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
    }),
);

interface IdTokenOptions {
  subject?: string;
  issuer?: string;
  audience?: string;
  key?: CryptoKey;
  issuedAt?: number;
  expiresAt?: number;
  claims?: Record<string, unknown>;
}

function idToken(options: IdTokenOptions = {}): Promise<string> {
  return new SignJWT({
    name: 'Dana External',
    email: 'dana@idp.example',
    email_verified: true,
    ...options.claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' })
    .setIssuer(options.issuer ?? ISSUER)
    .setSubject(options.subject ?? 'idp-user-42')
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt(options.issuedAt ?? T0)
    .setExpirationTime(options.expiresAt ?? T0 + 600)
    .sign(options.key ?? privateKey);
}

const trusting = () => ({ tenant: { externalProviders: [{ issuer: ISSUER, jwksUri, audience: AUDIENCE }] } });

describe('login with an external identity (an ID token from a trusted OpenID provider)', () => {
  let a: Accounts;
  afterEach(() => a.lifespan.close());

  const external = (token: string, extra: Record<string, unknown> = {}) =>
    a.post('external', { client_id: APP, id_token: token, ...extra });

  it('issues the standard token response and creates a user from the ID token', async () => {
    a = await accounts(trusting());
    const response = await external(await idToken());
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'read write',
      refresh_token: expect.any(String),
      refresh_token_expires_in: 2_592_000,
    });
    const me = (await a.me(response.json().access_token)).json();
    expect(me).toEqual({
      sub: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: null,
      subject_class: 'user',
      client_id: APP,
      scope: 'read write',
      issued_at: T0,
      expires_at: T0 + 3600,
      expires_in: 3600,
    });
    const user = await a.lifespan.admin('GET', `/admin/v1/users/${me.sub}`);
    expect(user.json()).toMatchObject({
      id: me.sub,
      tenantId: 'acme',
      username: null,
      subjectClass: 'user',
      hasPassword: false,
      profile: { name: 'Dana External', email: 'dana@idp.example', email_verified: true },
    });
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('maps a later login with the same issuer and subject to the same user; another subject to another', async () => {
    a = await accounts(trusting());
    const first = await a.tokens('external', { client_id: APP, id_token: await idToken() });
    const firstSub = (await a.me(first.access_token)).json().sub as string;
    a.lifespan.clock.advance(300);
    const second = await a.tokens('external', {
      client_id: APP,
      id_token: await idToken({ issuedAt: T0 + 300, expiresAt: T0 + 900 }),
    });
    expect((await a.me(second.access_token)).json().sub).toBe(firstSub);
    const other = await a.tokens('external', {
      client_id: APP,
      id_token: await idToken({ subject: 'idp-user-43', issuedAt: T0 + 300, expiresAt: T0 + 900 }),
    });
    expect((await a.me(other.access_token)).json().sub).not.toBe(firstSub);
    const users = await a.lifespan.admin('GET', '/admin/v1/users?tenantId=acme');
    expect(users.json().items).toHaveLength(2);
  });

  it('refuses an ID token for another audience', async () => {
    a = await accounts(trusting());
    const response = await external(await idToken({ audience: 'someone-else' }));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(NOT_VALID);
  });

  it('refuses an ID token from an issuer the tenant does not trust', async () => {
    a = await accounts(trusting());
    const response = await external(await idToken({ issuer: 'https://evil.example' }));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(NOT_TRUSTED);
    // a tenant that trusts no provider refuses every ID token
    const plain = await accounts();
    try {
      const refused = await plain.post('external', { client_id: APP, id_token: await idToken() });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toEqual(NOT_TRUSTED);
    } finally {
      await plain.lifespan.close();
    }
  });

  it('refuses a forged signature, an expired ID token and a malformed one', async () => {
    a = await accounts(trusting());
    const forged = await external(await idToken({ key: strangerKey }));
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toEqual(NOT_VALID);

    a.lifespan.clock.advance(601);
    const expired = await external(await idToken());
    expect(expired.statusCode).toBe(400);
    expect(expired.json()).toEqual(NOT_VALID);

    const malformed = await external('not.a.jwt');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual(NOT_TRUSTED);
    // nothing was created by the refused attempts
    expect((await a.lifespan.admin('GET', '/admin/v1/users?tenantId=acme')).json().items).toEqual([]);
  });

  it('applies the current policy and the requested lifetime (seed 001 #7)', async () => {
    a = await accounts(trusting());
    await a.lifespan.admin('PUT', '/admin/v1/service/policy', {
      accessTokenTtl: '20m',
      max: { accessTokenTtl: '2h' },
    });
    const token = await idToken();
    expect((await a.tokens('external', { client_id: APP, id_token: token })).expires_in).toBe(1200);
    expect(
      (await a.tokens('external', { client_id: APP, id_token: token, expires_in: 600 })).expires_in,
    ).toBe(600);
    expect(
      (await a.tokens('external', { client_id: APP, id_token: token, expires_in: 86_400 })).expires_in,
    ).toBe(7200);
  });

  it('is refused to a client that is not first-party', async () => {
    a = await accounts(trusting());
    await a.lifespan.admin('POST', '/admin/v1/clients', {
      id: 'third-party',
      tenantId: 'acme',
      name: 'Third party',
      grantTypes: ['refresh_token'],
      scopes: ['read'],
      tokenEndpointAuthMethod: 'none',
    });
    const response = await a.post('external', { client_id: 'third-party', id_token: await idToken() });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'unauthorized_client',
      error_description: 'this client may not use the first-party auth API',
    });
  });

  it('gives an external user no password: password login with its identity is impossible', async () => {
    a = await accounts(trusting());
    await a.tokens('external', { client_id: APP, id_token: await idToken() });
    const response = await a.post('login', { client_id: APP, username: 'idp-user-42', password: PASSWORD });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'invalid username or password',
    });
  });
});
