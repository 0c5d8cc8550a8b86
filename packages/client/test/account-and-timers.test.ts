import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LifespanError } from '../src/index.ts';
import { PASSWORD, recordEvents, type SdkServer, sdkServer } from './support/sdk-setup.ts';

describe('@lifespan/client: accounts, logout and timers', () => {
  let server: SdkServer & { svcSecret: string };
  beforeEach(async () => {
    server = await sdkServer();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await server.lifespan.close();
  });

  it('signs up, logs out (the refresh token then fails) and signs in again', async () => {
    const client = server.client();
    const events = recordEvents(client);
    const session = await client.signup({ username: 'carol', password: 'a long enough password' });
    expect(session).toMatchObject({ source: 'first_party', expiresIn: 3600 });
    expect((await client.me()).username).toBe('carol');
    const refreshToken = session.refreshToken ?? '';
    await client.logout();
    expect(await client.session()).toBeUndefined();
    expect(events.slice(-2)).toEqual([
      { name: 'userChanged', event: { subject: undefined } },
      { name: 'sessionEnded', event: { reason: 'logged_out' } },
    ]);
    const reused = await server.lifespan.form('/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: 'app',
    });
    expect(reused.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'the refresh token is invalid, expired or revoked',
    });
    await expect(client.me()).rejects.toEqual(new LifespanError('no_session', 'nobody is signed in'));
    client.close();
  });

  it('signs in anonymously, with the lifetime asked for', async () => {
    const client = server.client();
    client.setAccessTokenExpiration(300);
    const session = await client.anonymous();
    expect(session).toMatchObject({ expiresIn: 300, requestedExpiresIn: 300, source: 'first_party' });
    expect(session.subject).toEqual(expect.any(String));
    client.close();
  });

  it('changes the password: the old one is refused, the new one signs in', async () => {
    const client = server.client();
    await client.login({ username: 'alice', password: PASSWORD });
    await client.changePassword(PASSWORD, 'a brand new horse battery');
    await expect(client.login({ username: 'alice', password: PASSWORD })).rejects.toMatchObject({
      code: 'invalid_grant',
    });
    expect((await client.login({ username: 'alice', password: 'a brand new horse battery' })).subject).toBe(
      server.userIds.alice,
    );
    client.close();
  });

  it('says when the token nears its end and renews it on a timer; says when a token it could not renew ended', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const client = server.client({ autoRefresh: true });
    const events = recordEvents(client);
    const first = await client.login({ username: 'alice', password: PASSWORD });
    // 3540 s later (60 s before the end), on both clocks
    server.lifespan.clock.advance(3540);
    await vi.advanceTimersByTimeAsync(3540_000);
    await vi.waitFor(() => expect(events.map((e) => e.name)).toContain('tokenRefreshed'));
    expect(events.map((e) => e.name)).toEqual(['userChanged', 'accessTokenExpiring', 'tokenRefreshed']);
    expect(events[1]?.event).toEqual({ expiresAt: first.expiresAt });
    const second = await client.session();

    // the server cannot be reached when the next one nears its end: it ends unrenewed
    server.http.down = true;
    server.lifespan.clock.advance(3600);
    await vi.advanceTimersByTimeAsync(3600_000);
    await vi.waitFor(() => expect(events.map((e) => e.name)).toContain('accessTokenExpired'));
    // the renewal is tried again after 1, 2, 4 … s while the server stays away
    const later = events.slice(3).map((e) => e.name);
    expect(later.slice(0, 2)).toEqual(['accessTokenExpiring', 'refreshFailed']);
    expect(new Set(later)).toEqual(new Set(['accessTokenExpiring', 'refreshFailed', 'accessTokenExpired']));
    expect(events.at(-1)?.event).toEqual({ expiresAt: second?.expiresAt });
    client.close();
  });
});
