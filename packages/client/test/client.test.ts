import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hiddenFields, UserAgent } from '../../../test/support/browser-login.ts';
import { LifespanClient, LifespanError, type Locks, memoryStorage } from '../src/index.ts';
import { PASSWORD, recordEvents, type SdkServer, sdkServer } from './support/sdk-setup.ts';

const TOKEN = '/oauth2/token';

describe('@lifespan/client against a running Lifespan', () => {
  let server: SdkServer & { svcSecret: string };
  const clients: LifespanClient[] = [];
  const track = (client: LifespanClient) => {
    clients.push(client);
    return client;
  };
  beforeEach(async () => {
    server = await sdkServer();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server.lifespan.close();
  });

  it('logs in through the first-party API asking for a lifetime, and reports what the ceiling granted', async () => {
    const policy = await server.lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', {
      max: { accessTokenTtl: 600 },
    });
    expect(policy.statusCode).toBe(200);
    const client = track(server.client());
    client.setAccessTokenExpiration(3600);
    const session = await client.login({ username: 'alice', password: PASSWORD, deviceId: 'phone-1' });
    expect(session).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 600,
      requestedExpiresIn: 3600,
      expiresAt: server.lifespan.clock.now() + 600_000,
      subject: server.userIds.alice,
      source: 'first_party',
      clockOffsetMs: 0,
    });
    expect(session.refreshToken).toEqual(expect.any(String));
    expect(await client.getAccessToken()).toBe(session.accessToken);
    expect(await client.me()).toMatchObject({
      sub: server.userIds.alice,
      username: 'alice',
      clientId: 'app',
    });
    // a wrong password: the server's own words
    await expect(client.login({ username: 'alice', password: 'nope' })).rejects.toEqual(
      new LifespanError('invalid_grant', 'invalid username or password', 400),
    );
  });

  it('renews a token that nears its end once, however many callers ask at the same moment', async () => {
    const client = track(server.client());
    const events = recordEvents(client);
    const first = await client.login({ username: 'alice', password: PASSWORD });
    server.lifespan.clock.advance(3600 - 59); // 59 s left: under the 60 s skew
    const tokens = await Promise.all(Array.from({ length: 5 }, () => client.getAccessToken()));
    expect(server.http.count(TOKEN)).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(first.accessToken);
    const renewed = await client.session();
    expect(renewed?.refreshToken).not.toBe(first.refreshToken); // rotated
    expect(events.map((e) => e.name)).toEqual(['userChanged', 'tokenRefreshed']);
  });

  it('ends the session when the server refuses the refresh token (an administrator expired the user’s tokens)', async () => {
    const client = track(server.client());
    const events = recordEvents(client);
    await client.login({ username: 'alice', password: PASSWORD });
    server.lifespan.clock.advance(1);
    await server.lifespan.admin('POST', `/admin/v1/users/${server.userIds.alice}/expire-tokens`);
    expect(await client.refresh()).toBeUndefined();
    expect(await client.session()).toBeUndefined();
    expect(await client.getAccessToken()).toBeUndefined();
    expect(events.slice(1)).toEqual([
      { name: 'userChanged', event: { subject: undefined } },
      {
        name: 'sessionEnded',
        event: {
          reason: 'refresh_rejected',
          error: new LifespanError('invalid_grant', 'the refresh token is invalid, expired or revoked', 400),
        },
      },
    ]);
  });

  it('keeps the tokens when the server cannot be reached, says so, and renews once it answers', async () => {
    const client = track(server.client());
    const events = recordEvents(client);
    const session = await client.login({ username: 'alice', password: PASSWORD });
    server.lifespan.clock.advance(3600 - 30);
    server.http.down = true;
    // 30 s left: the old token is still handed out while the renewal fails
    expect(await client.getAccessToken()).toBe(session.accessToken);
    expect(events.at(-1)).toEqual({
      name: 'refreshFailed',
      event: { error: new LifespanError('network_error', 'fetch failed') },
    });
    expect((await client.session())?.refreshToken).toBe(session.refreshToken);
    server.http.down = false;
    const renewed = await client.getAccessToken();
    expect(renewed).not.toBe(session.accessToken);
    expect(events.at(-1)?.name).toBe('tokenRefreshed');
  });

  it('restores a saved token with its own expiry, corrected for the device’s clock, without re-issuing it', async () => {
    // this device's clock runs 120 s ahead of the server's
    const login = track(server.client({ driftMs: 120_000 }));
    const original = await login.login({ username: 'bob', password: PASSWORD });
    expect(original.clockOffsetMs).toBe(-120_000);
    const storage = memoryStorage();
    await storage.set(`lifespan:${server.issuer}:app`, JSON.stringify({ ...original, accessToken: 'old' }));
    const restored = track(server.client({ driftMs: 120_000, storage }));
    const serverExpiry = server.lifespan.clock.now() + 3600_000;
    const before = server.http.count(TOKEN);
    const session = await restored.authenticateWithToken(original.accessToken, serverExpiry, { check: true });
    expect(session).toMatchObject({
      accessToken: original.accessToken,
      expiresAt: serverExpiry + 120_000,
      refreshToken: undefined,
      subject: server.userIds.bob,
      source: 'restored',
    });
    expect(server.http.count(TOKEN)).toBe(before);
    expect(await restored.getAccessToken()).toBe(original.accessToken);

    // the server ends it (expire-all): the check says so and the session ends
    server.lifespan.clock.advance(1);
    await server.lifespan.admin('POST', `/admin/v1/users/${server.userIds.bob}/expire-tokens`);
    const events = recordEvents(restored);
    await expect(
      restored.authenticateWithToken(original.accessToken, serverExpiry, { check: true }),
    ).rejects.toMatchObject({ code: 'invalid_token', status: 401 });
    expect(events.map((e) => e.name)).toContain('sessionEnded');
    expect(await restored.session()).toBeUndefined();
  });

  it('signs in with the authorization code flow and PKCE, checking state and nonce', async () => {
    const client = track(
      server.client({ clientId: 'web', redirectUri: 'http://127.0.0.1/callback', scope: 'openid profile' }),
    );
    const url = new URL(await client.authorizationUrl());
    expect(url.pathname).toBe('/oauth2/authorize');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const agent = new UserAgent(server.lifespan);
    const callback = await agent.authorize(Object.fromEntries(url.searchParams), {
      username: 'alice',
      password: PASSWORD,
    });
    const session = await client.handleRedirect(callback);
    expect(session).toMatchObject({ source: 'authorization_code', subject: server.userIds.alice });
    expect(session.idToken).toEqual(expect.any(String));
    // the same answer again: the pending request was used up
    await expect(client.handleRedirect(callback)).rejects.toEqual(
      new LifespanError('invalid_request', 'no authorization was started here'),
    );
  });

  it('refuses a redirect whose state is not the one it sent', async () => {
    const client = track(server.client({ clientId: 'web', redirectUri: 'http://127.0.0.1/callback' }));
    await client.authorizationUrl();
    const forged = new URL('http://127.0.0.1/callback?code=x&state=forged');
    forged.searchParams.set('iss', server.issuer);
    await expect(client.handleRedirect(forged)).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('runs the device flow for a TV: the user approves on another device, the TV gets its tokens', async () => {
    const client = track(server.client({ clientId: 'tv', scope: 'openid read' }));
    // the server's clock moves with each poll as real time does (its manual clock would call them too fast)
    server.http.beforeRequest = (path) => {
      if (path === TOKEN) server.lifespan.clock.advance(1);
    };
    const device = await client.startDeviceAuthorization();
    expect(device.verificationUri).toBe(`${server.issuer}/device`);
    const completed = device.complete();
    const agent = new UserAgent(server.lifespan);
    const entry = await agent.get(`/device?user_code=${encodeURIComponent(device.userCode)}`);
    const login = await agent.post('/device', { ...hiddenFields(entry.body), user_code: device.userCode });
    const decision = await agent.post('/device/login', {
      ...hiddenFields(login.body),
      username: 'bob',
      password: PASSWORD,
    });
    const approved = await agent.post('/device/decision', {
      ...hiddenFields(decision.body),
      decision: 'approve',
    });
    expect(approved.statusCode).toBe(200);
    const session = await completed;
    expect(session).toMatchObject({
      source: 'device_code',
      subject: server.userIds.bob,
      scope: 'openid read',
    });
  });

  it('gets client credentials for a service and renews them by the same grant', async () => {
    const client = track(server.client({ clientId: 'svc', clientSecret: server.svcSecret, scope: 'read' }));
    const first = await client.clientCredentials();
    expect(first).toMatchObject({ source: 'client_credentials', subject: 'svc', scope: 'read' });
    server.lifespan.clock.advance(3600 - 10);
    const renewed = await client.getAccessToken();
    expect(renewed).not.toBe(first.accessToken);
    expect(server.http.count(TOKEN)).toBe(2);
  });

  it('two tabs sharing storage and a lock refresh once: the second reads what the first got', async () => {
    const storage = memoryStorage();
    let held = Promise.resolve();
    // what navigator.locks does for tabs: one holder at a time
    const locks: Locks = {
      request: <T>(_name: string, work: () => Promise<T>) => {
        const run = held.then(work);
        held = run.then(
          () => undefined,
          () => undefined,
        );
        return run;
      },
    };
    const tabA = track(server.client({ storage, locks }));
    const tabB = track(server.client({ storage, locks }));
    await tabA.login({ username: 'alice', password: PASSWORD });
    const logins = server.http.count(TOKEN);
    server.lifespan.clock.advance(3600 - 5);
    const [a, b] = await Promise.all([tabA.getAccessToken(), tabB.getAccessToken()]);
    expect(server.http.count(TOKEN) - logins).toBe(1);
    expect(a).toBe(b);
  });

  it('never throws from its constructor: a bad option is reported by each call', async () => {
    const client = track(new LifespanClient({ issuer: 'not a url', clientId: 'app' }));
    await expect(client.getAccessToken()).rejects.toEqual(
      new LifespanError('invalid_configuration', 'issuer is not a URL: not a url'),
    );
    await expect(client.login({ username: 'a', password: 'b' })).rejects.toMatchObject({
      code: 'invalid_configuration',
    });
  });
});
