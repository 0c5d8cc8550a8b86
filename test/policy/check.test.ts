import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../src/domain/errors.ts';
import { type PolicyDocument, parsePolicyDocument } from '../../src/domain/policy/document.ts';
import { checkDraft, type PolicyDraft } from '../../src/domain/policy/policy-check.ts';
import { PRESET_NAMES, PRESETS } from '../../src/domain/policy/presets.ts';

const serviceDraft = (document: PolicyDocument, configured: PolicyDocument = {}): PolicyDraft => ({
  level: 'service',
  document,
  above: { configured, stored: {}, tenants: [] },
});

const problemsOf = (draft: PolicyDraft) => {
  try {
    checkDraft(draft);
  } catch (error) {
    if (error instanceof ValidationFailed) return error.problems;
    throw error;
  }
  return [];
};

describe('constraints checked on save', () => {
  it('refuses a refresh lifetime shorter than the access lifetime (seed 004: refresh 7 d with access 14 d)', () => {
    expect(problemsOf(serviceDraft({ accessTokenTtl: 1_209_600, refreshTokenTtl: 604_800 }))).toEqual([
      {
        field: 'policy.refreshTokenTtl',
        message:
          'the refresh token lifetime (7d, from the service policy) must not be shorter than the access token ' +
          'lifetime (14d, from the service policy) for user tokens',
      },
      {
        field: 'policy.accessTokenTtl',
        message:
          'the refresh token lifetime (7d, from the service policy) must not be shorter than the access token ' +
          'lifetime (14d, from the service policy) for user tokens',
      },
    ]);
  });

  it('names the subject-class field that breaks the rule', () => {
    const problems = problemsOf(serviceDraft({ subjectClasses: { admin: { accessTokenTtl: 3_000_000 } } }));
    expect(problems.map((p) => p.field)).toEqual([
      'policy.refreshTokenTtl',
      'policy.subjectClasses.admin.accessTokenTtl',
    ]);
    expect(problems[0]?.message).toBe(
      'the refresh token lifetime (30d, from the built-in default) must not be shorter than the access token ' +
        'lifetime (34d17h20m, from subject class admin of the service policy) for admin tokens',
    );
  });

  it('checks the effective values: an inherited lifetime counts', () => {
    const draft: PolicyDraft = {
      level: 'tenant',
      id: 'acme',
      document: { refreshTokenTtl: 1800 },
      above: { configured: { accessTokenTtl: 3600 }, stored: {}, tenants: [] },
    };
    expect(problemsOf(draft).map((p) => p.field)).toEqual([
      'policy.refreshTokenTtl',
      'policy.accessTokenTtl',
    ]);
  });

  it('refuses an absolute refresh lifetime shorter than the refresh lifetime', () => {
    expect(problemsOf(serviceDraft({ refreshTokenAbsoluteTtl: 86_400 })).map((p) => p.field)).toEqual([
      'policy.refreshTokenAbsoluteTtl',
      'policy.refreshTokenTtl',
    ]);
  });

  it('accepts equal access and refresh lifetimes with a warning (seed 000 sets both to 3600)', () => {
    expect(checkDraft(serviceDraft({ accessTokenTtl: 3600, refreshTokenTtl: 3600 }))).toEqual([
      {
        setting: 'refreshTokenTtl',
        message: 'refresh tokens live no longer than access tokens; give them a longer lifetime',
        source: { level: 'service', id: 'stored' },
        subjectClasses: ['user', 'admin', 'anonymous'],
      },
    ]);
  });

  it('skips refresh rules when refresh tokens are off (api-only)', () => {
    expect(
      problemsOf(serviceDraft({ accessTokenTtl: 3600, refreshTokenTtl: 60, refreshTokenEnabled: false })),
    ).toEqual([]);
  });

  it('checks values after ceilings clamp them', () => {
    expect(
      problemsOf({
        level: 'client',
        id: 'web',
        document: { accessTokenTtl: 172_800, refreshTokenTtl: 86_400 },
        above: {
          configured: {},
          stored: {},
          tenants: [{ id: 'acme', policy: { max: { accessTokenTtl: 3600 } } }],
        },
      }),
    ).toEqual([]);
  });
});

describe('policy lint (seed 003 best practices)', () => {
  it('warns about long access tokens, rotation off, never-expiring tokens and long codes', () => {
    const warnings = checkDraft(
      serviceDraft({
        accessTokenTtl: 7200,
        refreshTokenRotation: false,
        refreshTokenAbsoluteTtl: 'never',
        authorizationCodeTtl: 1200,
      }),
    );
    expect(warnings).toEqual([
      {
        setting: 'refreshTokenAbsoluteTtl',
        message: 'refreshTokenAbsoluteTtl is never: these tokens never expire',
        source: { level: 'service', id: 'stored' },
        subjectClasses: ['user', 'admin', 'anonymous'],
      },
      {
        setting: 'accessTokenTtl',
        message: 'access tokens live longer than 1 hour; keep them between 15 minutes and 1 hour',
        source: { level: 'service', id: 'stored' },
        subjectClasses: ['user', 'admin', 'anonymous', 'service'],
      },
      {
        setting: 'refreshTokenRotation',
        message: 'refresh token rotation is off; rotate refresh tokens',
        source: { level: 'service', id: 'stored' },
        subjectClasses: ['user', 'admin', 'anonymous'],
      },
      {
        setting: 'authorizationCodeTtl',
        message: 'authorization codes live longer than 10 minutes; keep them 5 to 10 minutes',
        source: { level: 'service', id: 'stored' },
        subjectClasses: ['user', 'admin', 'anonymous', 'service'],
      },
    ]);
  });

  it('has nothing to say about the defaults', () => {
    expect(checkDraft(serviceDraft({}))).toEqual([]);
  });
});

describe('presets', () => {
  it('has the three profiles of seed 003 and the legacy never-expiring one', () => {
    expect(PRESET_NAMES).toEqual(['high-security', 'user-convenience', 'api-only', 'legacy-never-expire']);
  });

  it.each(PRESET_NAMES)('%s is a valid service policy', (name) => {
    const document = parsePolicyDocument(PRESETS[name], 'service');
    expect(() => checkDraft(serviceDraft(document))).not.toThrow();
  });

  it('gives high-security short lifetimes with nothing to warn about', () => {
    const document = parsePolicyDocument(PRESETS['high-security'], 'service');
    expect(checkDraft(serviceDraft(document))).toEqual([]);
    expect(document.accessTokenTtl).toBe(900);
  });

  it('flags legacy-never-expire', () => {
    const warnings = checkDraft(serviceDraft(parsePolicyDocument(PRESETS['legacy-never-expire'], 'service')));
    expect(warnings.map((w) => w.setting)).toEqual([
      'accessTokenTtl',
      'refreshTokenTtl',
      'refreshTokenAbsoluteTtl',
      'refreshTokenRotation',
    ]);
  });
});
