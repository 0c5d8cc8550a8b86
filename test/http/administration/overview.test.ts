import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  asAdministrator,
  bootstrapConsole,
  createAdministrator,
  signInToConsole,
} from '../../support/console-admin.ts';
import { basic } from '../../support/lifespan.ts';
import { type Accounts, accounts, PASSWORD } from '../accounts/accounts-support.ts';

describe('the overview', () => {
  let a: Accounts;
  beforeEach(async () => {
    a = await accounts();
    await bootstrapConsole(a.lifespan);
  });
  afterEach(() => a.lifespan.close());

  it('counts live families and sessions, locked users, tokens per grant and failed logins per hour, and lint', async () => {
    const { lifespan } = a;
    await lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', {
      accessTokenTtl: '2h',
      deviceMaxFailures: 2,
      userMaxDeviceLocks: 1,
    });
    await a.createUser({ username: 'bob' });
    await a.createUser({ username: 'mallory' });
    await a.login('bob');
    for (let i = 0; i < 2; i++) {
      await a.tokens(
        'login',
        { client_id: 'app', username: 'mallory', password: 'wrong', device_id: 'x' },
        400,
      );
    }
    lifespan.clock.advance(3600);
    for (let i = 0; i < 3; i++) {
      const issued = await lifespan.form(
        '/oauth2/token',
        { grant_type: 'client_credentials', scope: 'read' },
        basic(a.introspector.clientId, a.introspector.secret),
      );
      expect(issued.statusCode).toBe(200);
    }
    const overview = await lifespan.admin('GET', '/admin/v1/overview?hours=2');
    expect(overview.statusCode).toBe(200);
    const { keys, ...rest } = overview.json();
    expect(rest).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-01T02:00:00.000Z',
      liveRefreshFamilies: 1,
      liveSessions: 0,
      lockedUsers: 1,
      tokensIssued: [
        { hour: '2026-01-01T00:00:00.000Z', grantType: 'first-party:login', count: 1 },
        { hour: '2026-01-01T01:00:00.000Z', grantType: 'client_credentials', count: 3 },
      ],
      failedLogins: [{ hour: '2026-01-01T00:00:00.000Z', count: 2 }],
      warnings: [
        {
          level: { level: 'tenant', id: 'acme' },
          setting: 'accessTokenTtl',
          message: 'access tokens live longer than 1 hour; keep them between 15 minutes and 1 hour',
          source: { level: 'tenant', id: 'acme' },
          subjectClasses: ['user', 'admin', 'anonymous', 'service'],
        },
      ],
    });
    expect(keys).toEqual([expect.objectContaining({ algorithm: 'RS256', status: 'active' })]);
  });

  it("a tenant administrator's overview counts only their tenants, and shows no keys", async () => {
    const { lifespan } = a;
    await lifespan.admin('POST', '/admin/v1/tenants', { id: 'globex', name: 'Globex' });
    await createAdministrator(lifespan, 'gina', 'globex');
    await a.createUser({ username: 'bob' });
    await a.login('bob', PASSWORD);
    const { accessToken } = await signInToConsole(lifespan, 'gina');
    const overview = await asAdministrator(lifespan, accessToken, 'GET', '/admin/v1/overview');
    expect(overview.json()).toEqual({
      from: '2025-12-31T01:00:00.000Z',
      to: '2026-01-01T01:00:00.000Z',
      liveRefreshFamilies: 0,
      liveSessions: 0,
      lockedUsers: 0,
      tokensIssued: [],
      failedLogins: [],
      warnings: [],
      keys: null,
    });
  });

  it('previews what "expire all tokens" would end, and changes nothing', async () => {
    const { lifespan } = a;
    await a.createUser({ username: 'bob' });
    await a.login('bob');
    const preview = await lifespan.admin('POST', '/admin/v1/tenants/acme/expire-tokens?dryRun=true');
    expect(preview.json()).toEqual({ dryRun: true, liveRefreshFamilies: 1, liveSessions: 0 });
    expect((await lifespan.admin('GET', '/admin/v1/tenants/acme')).json().notBefore).toBe(null);
    const service = await lifespan.admin('POST', '/admin/v1/service/expire-tokens?dryRun=true');
    expect(service.json()).toEqual({ dryRun: true, liveRefreshFamilies: 1, liveSessions: 0 });
    const expired = await lifespan.admin('POST', '/admin/v1/tenants/acme/expire-tokens');
    expect(expired.json()).toEqual({ notBefore: '2026-01-01T00:00:00.000Z' });
  });
});
