import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../src/domain/errors.ts';
import { parsePolicyDocument } from '../../src/domain/policy/document.ts';
import { buildPolicyPath } from '../../src/domain/policy/path.ts';
import { resolvePolicy, type SettingSource } from '../../src/domain/policy/resolve.ts';
import type { SettingName } from '../../src/domain/policy/settings.ts';
import { parseScenario, type ScenarioInput } from '../../src/domain/policy/simulation/scenario.ts';
import { type LoginSimulation, simulateLogin } from '../../src/domain/policy/simulation/simulate.ts';
import type { EndCause, PieceKind } from '../../src/domain/policy/simulation/timeline.ts';

const LOGIN_AT = Date.parse('2026-01-01T00:00:00.000Z');
const HOUR = 3600;
const DAY = 86_400;
const STORED: SettingSource = { level: 'service', id: 'stored' };
const DEFAULT: SettingSource = { level: 'default' };

/** A login under a stored service policy (durations as an operator writes them). */
function simulate(
  policy: Record<string, unknown>,
  scenario: ScenarioInput,
  rest: Partial<Omit<LoginSimulation, 'policy' | 'scenario'>> = {},
) {
  const stored = parsePolicyDocument(policy, 'service');
  return simulateLogin({
    policy: resolvePolicy(
      buildPolicyPath({ configured: {}, stored, tenants: [], subjectClass: 'user', scopes: [] }),
    ),
    scopes: [],
    loginAt: LOGIN_AT,
    scenario: parseScenario(scenario),
    ...rest,
  });
}

const by = (reason: EndCause['reason'], setting: SettingName, source: SettingSource = STORED): EndCause => ({
  reason,
  setting,
  source,
});
const lifetime = (setting: SettingName, source: SettingSource = STORED) => by('lifetime', setting, source);
const ROTATED: EndCause = { reason: 'rotated' };
const piece = (kind: PieceKind, startsAt: number, endsAt: number | null, endedBy: EndCause | null) => ({
  kind,
  startsAt,
  endsAt,
  endedBy,
});
/** What every login without a user or session limits starts with: a new account, a session, a code. */
const start = (sessionEnd: number | null = null, sessionEndedBy: EndCause | null = null) => [
  piece('account', 0, null, null),
  piece('session', 0, sessionEnd, sessionEndedBy),
  piece('authorizationCode', 0, 600, lifetime('authorizationCodeTtl', DEFAULT)),
];

describe('login simulation', () => {
  it('absolute refresh expiration: rotated tokens keep the expiry counted from the login', () => {
    const timeline = simulate(
      { accessTokenTtl: '1h', refreshTokenTtl: '1d', refreshTokenAbsoluteTtl: '7d' },
      { refreshEvery: '8h', activeFor: '2d' },
    );
    expect(timeline).toEqual({
      pieces: [
        ...start(),
        piece('refreshFamily', 0, 7 * DAY, lifetime('refreshTokenAbsoluteTtl')),
        piece('accessToken', 0, HOUR, lifetime('accessTokenTtl')),
        piece('refreshToken', 0, 8 * HOUR, ROTATED),
        piece('accessToken', 8 * HOUR, 9 * HOUR, lifetime('accessTokenTtl')),
        piece('refreshToken', 8 * HOUR, 16 * HOUR, ROTATED),
        piece('accessToken', 16 * HOUR, 17 * HOUR, lifetime('accessTokenTtl')),
        // the refresh at 24 h is refused: the token expired then, a day after the login
        piece('refreshToken', 16 * HOUR, DAY, lifetime('refreshTokenTtl')),
      ],
      events: [
        { at: 0, kind: 'login' },
        { at: 8 * HOUR, kind: 'refresh' },
        { at: 16 * HOUR, kind: 'refresh' },
        { at: 16 * HOUR, kind: 'lastActivity' },
        { at: DAY, kind: 'end' },
      ],
      loginEndsAt: DAY,
      loginEndReason: lifetime('refreshTokenTtl'),
      refreshTokensWithheld: null,
      truncated: false,
    });
  });

  it('sliding refresh expiration: each use renews the window, which outlives the activity', () => {
    const timeline = simulate(
      { accessTokenTtl: '1h', refreshTokenTtl: '1d', refreshTokenExpiration: 'sliding' },
      { refreshEvery: '8h', activeFor: '1d' },
    );
    expect(timeline.pieces).toEqual([
      ...start(),
      piece('refreshFamily', 0, 365 * DAY, lifetime('refreshTokenAbsoluteTtl', DEFAULT)),
      piece('accessToken', 0, HOUR, lifetime('accessTokenTtl')),
      piece('refreshToken', 0, 8 * HOUR, ROTATED),
      piece('accessToken', 8 * HOUR, 9 * HOUR, lifetime('accessTokenTtl')),
      piece('refreshToken', 8 * HOUR, 16 * HOUR, ROTATED),
      piece('accessToken', 16 * HOUR, 17 * HOUR, lifetime('accessTokenTtl')),
      piece('refreshToken', 16 * HOUR, DAY, ROTATED),
      piece('accessToken', DAY, DAY + HOUR, lifetime('accessTokenTtl')),
      piece('refreshToken', DAY, 2 * DAY, lifetime('refreshTokenTtl')),
    ]);
    expect(timeline.events).toEqual([
      { at: 0, kind: 'login' },
      { at: 8 * HOUR, kind: 'refresh' },
      { at: 16 * HOUR, kind: 'refresh' },
      { at: DAY, kind: 'refresh' },
      { at: DAY, kind: 'lastActivity' },
      { at: 2 * DAY, kind: 'end' },
    ]);
    expect(timeline.loginEndReason).toEqual(lifetime('refreshTokenTtl'));
  });

  it('the family end caps a sliding window and then refuses the next refresh', () => {
    const timeline = simulate(
      {
        accessTokenTtl: '1h',
        refreshTokenTtl: '1d',
        refreshTokenExpiration: 'sliding',
        refreshTokenAbsoluteTtl: '2d12h',
      },
      { refreshEvery: '16h' },
    );
    const familyEnd = 2 * DAY + 12 * HOUR;
    expect(timeline).toEqual({
      pieces: [
        ...start(),
        piece('refreshFamily', 0, familyEnd, lifetime('refreshTokenAbsoluteTtl')),
        piece('accessToken', 0, HOUR, lifetime('accessTokenTtl')),
        piece('refreshToken', 0, 16 * HOUR, ROTATED),
        piece('accessToken', 16 * HOUR, 17 * HOUR, lifetime('accessTokenTtl')),
        piece('refreshToken', 16 * HOUR, 32 * HOUR, ROTATED),
        piece('accessToken', 32 * HOUR, 33 * HOUR, lifetime('accessTokenTtl')),
        piece('refreshToken', 32 * HOUR, 48 * HOUR, ROTATED),
        piece('accessToken', 48 * HOUR, 49 * HOUR, lifetime('accessTokenTtl')),
        // 48 h + 1 d would be 72 h: the family ends at 60 h; the refresh at 64 h is refused
        piece('refreshToken', 48 * HOUR, familyEnd, by('familyEnd', 'refreshTokenAbsoluteTtl')),
      ],
      events: [
        { at: 0, kind: 'login' },
        { at: 16 * HOUR, kind: 'refresh' },
        { at: 32 * HOUR, kind: 'refresh' },
        { at: 48 * HOUR, kind: 'refresh' },
        { at: 48 * HOUR, kind: 'lastActivity' },
        { at: familyEnd, kind: 'end' },
      ],
      loginEndsAt: familyEnd,
      loginEndReason: by('familyEnd', 'refreshTokenAbsoluteTtl'),
      refreshTokensWithheld: null,
      truncated: false,
    });
  });

  it('rotation off: one refresh token all along, its sliding window renewed by each use', () => {
    const timeline = simulate(
      {
        accessTokenTtl: '1h',
        refreshTokenTtl: '1d',
        refreshTokenExpiration: 'sliding',
        refreshTokenRotation: false,
      },
      { refreshEvery: '8h', activeFor: '1d' },
    );
    expect(timeline.pieces.filter((p) => p.kind === 'refreshToken')).toEqual([
      piece('refreshToken', 0, 2 * DAY, lifetime('refreshTokenTtl')),
    ]);
    expect(timeline.pieces.filter((p) => p.kind === 'accessToken').map((p) => p.startsAt)).toEqual([
      0,
      8 * HOUR,
      16 * HOUR,
      DAY,
    ]);
    expect(timeline.loginEndsAt).toBe(2 * DAY);

    const absolute = simulate(
      { accessTokenTtl: '1h', refreshTokenTtl: '1d', refreshTokenRotation: false },
      { refreshEvery: '8h', activeFor: '1d' },
    );
    expect(absolute.pieces.filter((p) => p.kind === 'refreshToken')).toEqual([
      piece('refreshToken', 0, DAY, lifetime('refreshTokenTtl')),
    ]);
    expect(absolute.loginEndsAt).toBe(DAY);
  });

  it('without refresh tokens the login ends with its access token, and says why there are none', () => {
    const disabled = simulate({ accessTokenTtl: '15m', refreshTokenEnabled: false }, { refreshEvery: '5m' });
    expect(disabled).toEqual({
      pieces: [...start(), piece('accessToken', 0, 900, lifetime('accessTokenTtl'))],
      events: [
        { at: 0, kind: 'login' },
        { at: 0, kind: 'lastActivity' },
        { at: 900, kind: 'end' },
      ],
      loginEndsAt: 900,
      loginEndReason: lifetime('accessTokenTtl'),
      refreshTokensWithheld: { reason: 'refreshTokenEnabled', source: STORED },
      truncated: false,
    });

    const client = { id: 'cli', grantTypes: ['authorization_code' as const] };
    const withoutGrantType = simulate({}, {}, { client });
    expect(withoutGrantType.refreshTokensWithheld).toEqual({
      reason: 'clientGrantTypes',
      source: { level: 'client', id: 'cli' },
    });
    expect(withoutGrantType.pieces.map((p) => p.kind)).toEqual([
      'account',
      'session',
      'authorizationCode',
      'accessToken',
    ]);
  });

  it('a never-expiring access token never ends the login; ID tokens come with openid', () => {
    const timeline = simulate(
      { accessTokenTtl: 'never', refreshTokenEnabled: false, idTokenTtl: '5m' },
      {},
      { scopes: ['openid'] },
    );
    expect(timeline).toEqual({
      pieces: [
        ...start(),
        piece('accessToken', 0, null, null),
        piece('idToken', 0, 300, lifetime('idTokenTtl')),
      ],
      events: [
        { at: 0, kind: 'login' },
        { at: 0, kind: 'lastActivity' },
      ],
      loginEndsAt: null,
      loginEndReason: null,
      refreshTokensWithheld: { reason: 'refreshTokenEnabled', source: STORED },
      truncated: false,
    });
  });

  it('the session ends when idle long before the family: refreshes do not renew it', () => {
    const timeline = simulate(
      {
        accessTokenTtl: '1h',
        refreshTokenTtl: '8h',
        refreshTokenAbsoluteTtl: '1d',
        sessionIdleTtl: '30m',
        sessionMaxTtl: '8h',
      },
      { refreshEvery: '1h', activeFor: '2h' },
    );
    expect(timeline.pieces).toEqual([
      ...start(1800, by('idle', 'sessionIdleTtl')),
      piece('refreshFamily', 0, DAY, lifetime('refreshTokenAbsoluteTtl')),
      piece('accessToken', 0, HOUR, lifetime('accessTokenTtl')),
      piece('refreshToken', 0, HOUR, ROTATED),
      piece('accessToken', HOUR, 2 * HOUR, lifetime('accessTokenTtl')),
      piece('refreshToken', HOUR, 2 * HOUR, ROTATED),
      piece('accessToken', 2 * HOUR, 3 * HOUR, lifetime('accessTokenTtl')),
      piece('refreshToken', 2 * HOUR, 8 * HOUR, lifetime('refreshTokenTtl')),
    ]);
    expect(timeline.loginEndsAt).toBe(8 * HOUR);

    const capped = simulate({ sessionIdleTtl: '1d', sessionMaxTtl: '8h' }, {});
    expect(capped.pieces[1]).toEqual(piece('session', 0, 8 * HOUR, by('max', 'sessionMaxTtl')));
  });

  it("the account's end ends everything the server checks, and refuses the refresh", () => {
    const user = { id: 'u1', createdAt: LOGIN_AT - DAY * 1000, validUntil: null };
    const timeline = simulate(
      { accountValidity: '2d', accessTokenTtl: '1h' },
      { refreshEvery: '12h', activeFor: '3d' },
      { user, scopes: ['openid'] },
    );
    const account = by('accountValidity', 'accountValidity');
    expect(timeline).toEqual({
      pieces: [
        piece('account', -DAY, DAY, account),
        piece('session', 0, DAY, account),
        piece('authorizationCode', 0, 600, lifetime('authorizationCodeTtl', DEFAULT)),
        piece('refreshFamily', 0, DAY, account),
        piece('accessToken', 0, HOUR, lifetime('accessTokenTtl')),
        piece('idToken', 0, HOUR, lifetime('idTokenTtl', DEFAULT)),
        piece('refreshToken', 0, 12 * HOUR, ROTATED),
        piece('accessToken', 12 * HOUR, 13 * HOUR, lifetime('accessTokenTtl')),
        piece('idToken', 12 * HOUR, 13 * HOUR, lifetime('idTokenTtl', DEFAULT)),
        piece('refreshToken', 12 * HOUR, DAY, account),
      ],
      events: [
        { at: 0, kind: 'login' },
        { at: 12 * HOUR, kind: 'refresh' },
        { at: 12 * HOUR, kind: 'lastActivity' },
        { at: DAY, kind: 'end' },
      ],
      loginEndsAt: DAY,
      loginEndReason: account,
      refreshTokensWithheld: null,
      truncated: false,
    });

    // the user's own validUntil wins over accountValidity, and caps an access token mid-life
    const until = simulate(
      { accountValidity: '2d', accessTokenTtl: '1h' },
      {},
      { user: { ...user, validUntil: LOGIN_AT + 1_800_500 } },
    );
    const validUntil: EndCause = { reason: 'validUntil', source: { level: 'user', id: 'u1' } };
    expect(until.pieces.find((p) => p.kind === 'accessToken')).toEqual(
      piece('accessToken', 0, 1800.5, validUntil),
    );
    expect([until.loginEndsAt, until.loginEndReason]).toEqual([1800.5, validUntil]);

    // an ended account cannot log in at all
    const ended = simulate({ accountValidity: '1d' }, {}, { user });
    expect(ended).toEqual({
      pieces: [piece('account', -DAY, 0, account)],
      events: [{ at: 0, kind: 'refused' }],
      loginEndsAt: 0,
      loginEndReason: account,
      refreshTokensWithheld: null,
      truncated: false,
    });
  });

  it('a requested expires_in is honoured below the ceiling, clamped to it, or refused with reject', () => {
    const policy = { accessTokenTtl: '1h', max: { accessTokenTtl: '2h' } };
    const firstAccess = (requested: string, extra: Record<string, unknown> = {}) =>
      simulate({ ...policy, ...extra }, { loginFlow: 'firstParty', requestedAccessTokenTtl: requested });
    // a first-party login has no session and no code
    expect(firstAccess('30m')).toEqual({
      pieces: [
        piece('account', 0, null, null),
        piece('refreshFamily', 0, 365 * DAY, lifetime('refreshTokenAbsoluteTtl', DEFAULT)),
        piece('accessToken', 0, 1800, lifetime('accessTokenTtl', { level: 'request' })),
        piece('refreshToken', 0, 30 * DAY, lifetime('refreshTokenTtl', DEFAULT)),
      ],
      events: [
        { at: 0, kind: 'login' },
        { at: 0, kind: 'lastActivity' },
        { at: 30 * DAY, kind: 'end' },
      ],
      loginEndsAt: 30 * DAY,
      loginEndReason: lifetime('refreshTokenTtl', DEFAULT),
      refreshTokensWithheld: null,
      truncated: false,
    });
    expect(firstAccess('3h').pieces[2]).toEqual(
      piece('accessToken', 0, 2 * HOUR, {
        reason: 'lifetime',
        setting: 'accessTokenTtl',
        source: { level: 'request' },
        clampedBy: STORED,
      }),
    );
    expect(firstAccess('3h', { requestOverCeiling: 'reject' })).toEqual({
      pieces: [],
      events: [{ at: 0, kind: 'refused' }],
      loginEndsAt: 0,
      loginEndReason: by('requestRejected', 'requestOverCeiling'),
      refreshTokensWithheld: null,
      truncated: false,
    });
    // a refresh asks for no lifetime: the policy's own
    const refreshed = simulate(policy, {
      loginFlow: 'firstParty',
      requestedAccessTokenTtl: '30m',
      refreshEvery: '1h',
      activeFor: '1h',
    });
    expect(refreshed.pieces.filter((p) => p.kind === 'accessToken')).toEqual([
      piece('accessToken', 0, 1800, lifetime('accessTokenTtl', { level: 'request' })),
      piece('accessToken', HOUR, 2 * HOUR, lifetime('accessTokenTtl')),
    ]);
  });

  it('simulates at most 1000 refreshes and says so', () => {
    const truncated = simulate({}, { refreshEvery: '1m' });
    const refreshes = truncated.events.filter((e) => e.kind === 'refresh');
    expect([refreshes.length, refreshes.at(-1)?.at, truncated.truncated]).toEqual([1000, 60_000, true]);
    expect(truncated.events.slice(-2)).toEqual([
      { at: 60_000, kind: 'lastActivity' },
      { at: 30 * DAY, kind: 'end' },
    ]);
    expect(truncated.pieces.filter((p) => p.kind === 'accessToken')).toHaveLength(1001);

    const exact = simulate({}, { refreshEvery: '1m', activeFor: 60_000 });
    expect([exact.events.filter((e) => e.kind === 'refresh').length, exact.truncated]).toEqual([1000, false]);
  });
});

describe('scenario', () => {
  it('defaults to no refresh, activity for the horizon, and a horizon of 90 days', () => {
    expect(parseScenario({})).toEqual({
      loginFlow: 'authorizationCode',
      refreshEvery: null,
      activeFor: 90 * DAY,
      horizon: 90 * DAY,
      requestedAccessTokenTtl: null,
    });
    expect(parseScenario({ refreshEvery: 300, horizon: '2w', activeFor: '1h30m' })).toEqual({
      loginFlow: 'authorizationCode',
      refreshEvery: 300,
      activeFor: 5400,
      horizon: 14 * DAY,
      requestedAccessTokenTtl: null,
    });
  });

  it('names every field it refuses', () => {
    const problems = (input: ScenarioInput) => {
      try {
        parseScenario(input);
      } catch (error) {
        if (error instanceof ValidationFailed) return error.problems;
      }
      return [];
    };
    expect(
      problems({ refreshEvery: 0, horizon: '401d', activeFor: '91d', requestedAccessTokenTtl: '1h' }),
    ).toEqual([
      { field: 'scenario.horizon', message: 'expected 1 s to 34560000 s (400 days), got 34646400 s' },
      { field: 'scenario.activeFor', message: 'expected 0 s to the horizon (7776000 s), got 7862400 s' },
      { field: 'scenario.refreshEvery', message: 'expected at least 1 s, got 0 s' },
      {
        field: 'scenario.requestedAccessTokenTtl',
        message: 'the authorization code flow takes no expires_in; simulate a loginFlow of firstParty',
      },
    ]);
    expect(problems({ refreshEvery: 'often' })).toEqual([
      {
        field: 'scenario.refreshEvery',
        message:
          '"often" is not a duration: use seconds (3600) or units w, d, h, m, s ("15m", "14d", "1h30m")',
      },
    ]);
  });
});
