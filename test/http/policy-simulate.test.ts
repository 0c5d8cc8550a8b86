import { afterEach, describe, expect, it } from 'vitest';
import { type TestLifespan, testLifespan } from '../support/lifespan.ts';

const HOUR = 3600;
const DAY = 86_400;
const ACME = { level: 'tenant', id: 'acme' };
const ADMIN_CLASS = { level: 'subjectClass', id: 'admin', owner: ACME };
const DEFAULT = { level: 'default' };

describe('POST /admin/v1/policy/simulate', () => {
  let lifespan: TestLifespan | undefined;
  afterEach(async () => {
    await lifespan?.close();
    lifespan = undefined;
  });

  /** A tenant with a ceiling and an admin class, and a client whose 90-day override the ceiling clamps. */
  async function consoleOfAcme(): Promise<TestLifespan> {
    const started = await testLifespan();
    const tenant = await started.admin('POST', '/admin/v1/tenants', {
      id: 'acme',
      name: 'Acme',
      policy: {
        accessTokenTtl: '1h',
        max: { accessTokenTtl: '1d' },
        refreshTokenTtl: '7d',
        refreshTokenAbsoluteTtl: '30d',
        subjectClasses: {
          admin: {
            refreshTokenExpiration: 'sliding',
            refreshTokenTtl: '2d',
            sessionIdleTtl: '30m',
            sessionMaxTtl: '8h',
          },
        },
      },
    });
    expect(tenant.statusCode).toBe(201);
    const client = await started.admin('POST', '/admin/v1/clients', {
      id: 'console',
      tenantId: 'acme',
      name: 'Console',
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['https://console.example/cb'],
      scopes: ['openid'],
      policy: { accessTokenTtl: '90d' },
    });
    expect(client.statusCode).toBe(201);
    return started;
  }

  it('answers the timeline of an admin login at a client clamped by its tenant', async () => {
    lifespan = await consoleOfAcme();
    const response = await lifespan.admin('POST', '/admin/v1/policy/simulate', {
      context: { clientId: 'console', subjectClass: 'admin', scope: 'openid' },
      scenario: { refreshEvery: '12h', activeFor: '1d', horizon: '7d' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const accessTokenTtl = {
      reason: 'lifetime',
      setting: 'accessTokenTtl',
      source: { level: 'client', id: 'console' },
      clampedBy: ACME,
    };
    const idTokenTtl = { reason: 'lifetime', setting: 'idTokenTtl', source: DEFAULT };
    const refreshTokenTtl = { reason: 'lifetime', setting: 'refreshTokenTtl', source: ADMIN_CLASS };
    expect(response.json()).toEqual({
      context: { clientId: 'console', subjectClass: 'admin', scopes: ['openid'] },
      version: 3,
      scenario: {
        loginFlow: 'authorizationCode',
        refreshEvery: 12 * HOUR,
        activeFor: DAY,
        horizon: 7 * DAY,
        requestedAccessTokenTtl: null,
      },
      settings: {
        authorizationCodeTtl: { value: 600, source: DEFAULT },
        accessTokenTtl: {
          value: DAY,
          source: { level: 'client', id: 'console' },
          clampedBy: ACME,
          ceiling: { value: DAY, source: ACME },
        },
        idTokenTtl: { value: 3600, source: DEFAULT },
        refreshTokenEnabled: { value: true, source: DEFAULT },
        refreshTokenTtl: { value: 2 * DAY, source: ADMIN_CLASS },
        refreshTokenAbsoluteTtl: { value: 30 * DAY, source: ACME },
        refreshTokenExpiration: { value: 'sliding', source: ADMIN_CLASS },
        refreshTokenRotation: { value: true, source: DEFAULT },
        sessionIdleTtl: { value: 1800, source: ADMIN_CLASS },
        sessionMaxTtl: { value: 8 * HOUR, source: ADMIN_CLASS },
        accountValidity: { value: 'none', source: DEFAULT },
        requestOverCeiling: { value: 'clamp', source: DEFAULT },
      },
      pieces: [
        { kind: 'account', startsAt: 0, endsAt: null, endedBy: null },
        {
          kind: 'session',
          startsAt: 0,
          endsAt: 1800,
          endedBy: { reason: 'idle', setting: 'sessionIdleTtl', source: ADMIN_CLASS },
        },
        {
          kind: 'authorizationCode',
          startsAt: 0,
          endsAt: 600,
          endedBy: { reason: 'lifetime', setting: 'authorizationCodeTtl', source: DEFAULT },
        },
        {
          kind: 'refreshFamily',
          startsAt: 0,
          endsAt: 30 * DAY,
          endedBy: { reason: 'lifetime', setting: 'refreshTokenAbsoluteTtl', source: ACME },
        },
        { kind: 'accessToken', startsAt: 0, endsAt: DAY, endedBy: accessTokenTtl },
        { kind: 'idToken', startsAt: 0, endsAt: HOUR, endedBy: idTokenTtl },
        { kind: 'refreshToken', startsAt: 0, endsAt: 12 * HOUR, endedBy: { reason: 'rotated' } },
        { kind: 'accessToken', startsAt: 12 * HOUR, endsAt: 36 * HOUR, endedBy: accessTokenTtl },
        { kind: 'idToken', startsAt: 12 * HOUR, endsAt: 13 * HOUR, endedBy: idTokenTtl },
        { kind: 'refreshToken', startsAt: 12 * HOUR, endsAt: DAY, endedBy: { reason: 'rotated' } },
        { kind: 'accessToken', startsAt: DAY, endsAt: 2 * DAY, endedBy: accessTokenTtl },
        { kind: 'idToken', startsAt: DAY, endsAt: DAY + HOUR, endedBy: idTokenTtl },
        { kind: 'refreshToken', startsAt: DAY, endsAt: 3 * DAY, endedBy: refreshTokenTtl },
      ],
      events: [
        { at: 0, kind: 'login' },
        { at: 12 * HOUR, kind: 'refresh' },
        { at: DAY, kind: 'refresh' },
        { at: DAY, kind: 'lastActivity' },
        { at: 3 * DAY, kind: 'end' },
      ],
      loginEndsAt: 3 * DAY,
      loginEndReason: refreshTokenTtl,
      refreshTokensWithheld: null,
      truncated: false,
    });
  });

  it("counts a user's account from its creation, before the login", async () => {
    lifespan = await consoleOfAcme();
    const created = await lifespan.admin('POST', '/admin/v1/users', {
      tenantId: 'acme',
      username: 'ada',
      password: 'correct horse battery staple',
      policy: { accountValidity: '30d' },
    });
    expect(created.statusCode).toBe(201);
    const userId = created.json().id as string;
    lifespan.clock.advance(10 * DAY);
    const response = await lifespan.admin('POST', '/admin/v1/policy/simulate', {
      context: { userId, clientId: 'console' },
      scenario: { loginFlow: 'firstParty', requestedAccessTokenTtl: '2d' },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.context).toEqual({
      tenantId: 'acme',
      clientId: 'console',
      userId,
      subjectClass: 'user',
      scopes: [],
    });
    const accountValidity = {
      reason: 'accountValidity',
      setting: 'accountValidity',
      source: { level: 'user', id: userId },
    };
    expect(body.pieces).toEqual([
      { kind: 'account', startsAt: -10 * DAY, endsAt: 20 * DAY, endedBy: accountValidity },
      {
        kind: 'refreshFamily',
        startsAt: 0,
        endsAt: 20 * DAY,
        endedBy: accountValidity,
      },
      {
        kind: 'accessToken',
        startsAt: 0,
        endsAt: DAY,
        endedBy: {
          reason: 'lifetime',
          setting: 'accessTokenTtl',
          source: { level: 'request' },
          clampedBy: ACME,
        },
      },
      {
        kind: 'refreshToken',
        startsAt: 0,
        endsAt: 7 * DAY,
        endedBy: { reason: 'lifetime', setting: 'refreshTokenTtl', source: ACME },
      },
    ]);
    expect([body.loginEndsAt, body.loginEndReason]).toEqual([
      7 * DAY,
      { reason: 'lifetime', setting: 'refreshTokenTtl', source: ACME },
    ]);
  });

  it('refuses bad input with a problem naming the field', async () => {
    lifespan = await consoleOfAcme();
    const simulate = (body: unknown) => lifespan?.admin('POST', '/admin/v1/policy/simulate', body);

    const unknownClass = await simulate({ context: { subjectClass: 'robot' } });
    expect(unknownClass?.statusCode).toBe(400);
    expect(unknownClass?.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(unknownClass?.json()).toEqual({
      type: 'urn:lifespan:problem:validation',
      title: 'Bad Request',
      status: 400,
      detail: 'unknown subject class',
      errors: [{ field: 'context.subjectClass', message: 'expected one of user, admin, anonymous, service' }],
    });

    const service = await simulate({ context: { clientId: 'console', subjectClass: 'service' } });
    expect(service?.json()).toEqual({
      type: 'urn:lifespan:problem:validation',
      title: 'Bad Request',
      status: 400,
      detail: 'a login is a person’s',
      errors: [
        {
          field: 'context.subjectClass',
          message: 'the service class has no login: its tokens come from client credentials',
        },
      ],
    });

    const badDuration = await simulate({ scenario: { refreshEvery: '5 minutes', horizon: 0 } });
    expect(badDuration?.statusCode).toBe(400);
    expect(badDuration?.json()).toEqual({
      type: 'urn:lifespan:problem:validation',
      title: 'Bad Request',
      status: 400,
      detail: 'the scenario is not valid',
      errors: [
        { field: 'scenario.horizon', message: 'expected 1 s to 34560000 s (400 days), got 0 s' },
        {
          field: 'scenario.refreshEvery',
          message:
            '"5 minutes" is not a duration: use seconds (3600) or units w, d, h, m, s ("15m", "14d", "1h30m")',
        },
      ],
    });

    const unknownField = await simulate({ scenario: { refreshEvry: '1h' } });
    expect(unknownField?.statusCode).toBe(400);
    expect(unknownField?.json()).toEqual({
      type: 'urn:lifespan:problem:validation',
      title: 'Bad Request',
      status: 400,
      detail: 'the request does not match the schema',
      errors: [{ field: 'scenario.refreshEvry', message: 'is not a known field' }],
    });

    const unknownClient = await simulate({ context: { clientId: 'ghost' } });
    expect(unknownClient?.statusCode).toBe(404);
    expect(unknownClient?.json()).toEqual({
      type: 'urn:lifespan:problem:not-found',
      title: 'Not Found',
      status: 404,
      detail: 'client ghost does not exist',
    });
  });

  it('is documented in the OpenAPI description', async () => {
    lifespan = await testLifespan();
    const document = (await lifespan.admin('GET', '/admin/v1/openapi.json')).json();
    const operation = document.paths['/admin/v1/policy/simulate'].post;
    expect(Object.keys(operation.responses)).toEqual(['200', '400', '401', '404']);
    const answer = operation.responses['200'].content['application/json'].schema;
    expect(Object.keys(answer.properties)).toEqual([
      'context',
      'version',
      'scenario',
      'settings',
      'pieces',
      'events',
      'loginEndsAt',
      'loginEndReason',
      'refreshTokensWithheld',
      'truncated',
    ]);
  });
});
