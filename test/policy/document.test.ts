import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../src/domain/errors.ts';
import { changesTokenLifetime, parsePolicyDocument } from '../../src/domain/policy/document.ts';

const problemsOf = (input: unknown, level: Parameters<typeof parsePolicyDocument>[1] = 'tenant') => {
  try {
    parsePolicyDocument(input, level);
  } catch (error) {
    if (error instanceof ValidationFailed) return error.problems;
    throw error;
  }
  return [];
};

describe('policy documents', () => {
  it('normalises durations to seconds and keeps explicit never and none', () => {
    expect(
      parsePolicyDocument(
        {
          accessTokenTtl: '15m',
          refreshTokenTtl: 'never',
          sessionIdleTtl: 'none',
          refreshTokenReuseInterval: 0,
          refreshTokenRotation: false,
          accessTokenFormat: 'opaque',
          max: { accessTokenTtl: '1d' },
          subjectClasses: { admin: { accessTokenTtl: '8h', max: { refreshTokenTtl: '45d' } } },
          invalidateOnChange: true,
          idTokenTtl: null,
        },
        'service',
      ),
    ).toEqual({
      accessTokenTtl: 900,
      refreshTokenTtl: 'never',
      sessionIdleTtl: 'none',
      refreshTokenReuseInterval: 0,
      refreshTokenRotation: false,
      accessTokenFormat: 'opaque',
      max: { accessTokenTtl: 86_400 },
      subjectClasses: { admin: { accessTokenTtl: 28_800, max: { refreshTokenTtl: 3_888_000 } } },
      invalidateOnChange: true,
    });
  });

  it('names every offending field', () => {
    expect(
      problemsOf({
        accessTokenTtl: 0,
        refreshTokenTtl: 'forever',
        authorizationCodeTtl: 'never',
        sessionMaxTtl: 'never',
        accessTokenFormat: 'paseto',
        refreshTokenRotation: 'yes',
        colour: 'blue',
        max: { accessTokenFormat: 'jwt', refreshTokenTtl: 'never' },
        subjectClasses: { robot: {}, admin: { accessTokenTtl: '2x' } },
      }),
    ).toEqual([
      { field: 'policy.accessTokenTtl', message: 'must be between 1 and 2147483647 seconds' },
      {
        field: 'policy.refreshTokenTtl',
        message:
          '"forever" is not a duration: use seconds (3600) or units w, d, h, m, s ("15m", "14d", "1h30m") or never',
      },
      { field: 'policy.authorizationCodeTtl', message: 'this lifetime cannot be never: give a duration' },
      {
        field: 'policy.sessionMaxTtl',
        message:
          '"never" is not a duration: use seconds (3600) or units w, d, h, m, s ("15m", "14d", "1h30m") or none',
      },
      { field: 'policy.accessTokenFormat', message: 'expected one of jwt, opaque' },
      { field: 'policy.refreshTokenRotation', message: 'expected true or false' },
      { field: 'policy.colour', message: 'unknown policy setting' },
      { field: 'policy.max.accessTokenFormat', message: 'only duration settings can have a ceiling' },
      {
        field: 'policy.max.refreshTokenTtl',
        message:
          '"never" is not a duration: use seconds (3600) or units w, d, h, m, s ("15m", "14d", "1h30m")',
      },
      {
        field: 'policy.subjectClasses.robot',
        message: 'unknown subject class; expected one of user, admin, anonymous, service',
      },
      {
        field: 'policy.subjectClasses.admin.accessTokenTtl',
        message:
          '"2x" is not a duration: use seconds (3600) or units w, d, h, m, s ("15m", "14d", "1h30m") or never',
      },
    ]);
  });

  it('lets a scope carry token lifetimes only', () => {
    expect(
      problemsOf({ accessTokenTtl: 60, accessTokenFormat: 'opaque', subjectClasses: {} }, 'scope'),
    ).toEqual([
      { field: 'policy.accessTokenFormat', message: 'a scope policy cannot set accessTokenFormat' },
      { field: 'policy.subjectClasses', message: 'a scope policy cannot have subject classes' },
    ]);
  });

  it('refuses what is not an object', () => {
    expect(problemsOf([1, 2])).toEqual([{ field: 'policy', message: 'expected an object' }]);
  });

  it('sees which edits change a token lifetime', () => {
    expect(
      changesTokenLifetime({ accessTokenTtl: 60 }, { accessTokenTtl: 60, accessTokenFormat: 'opaque' }),
    ).toBe(false);
    expect(changesTokenLifetime({ accessTokenTtl: 60 }, { accessTokenTtl: 61 })).toBe(true);
    expect(changesTokenLifetime({}, { max: { refreshTokenTtl: 60 } })).toBe(true);
    expect(changesTokenLifetime({}, { subjectClasses: { admin: { refreshTokenTtl: 60 } } })).toBe(true);
    expect(changesTokenLifetime({ sessionIdleTtl: 60 }, { sessionIdleTtl: 120 })).toBe(false);
    for (const name of ['idTokenTtl', 'refreshTokenAbsoluteTtl', 'authorizationCodeTtl', 'deviceCodeTtl'])
      expect(changesTokenLifetime({}, { [name]: 60 })).toBe(true);
    // lockout durations are durations, not token lifetimes
    for (const name of [
      'deviceFailureWindow',
      'deviceLockDuration',
      'userDeviceLockWindow',
      'userLockDuration',
    ])
      expect(changesTokenLifetime({}, { [name]: 60 })).toBe(false);
  });
});
