import { describe, expect, it } from 'vitest';
import { applyAssignments, parseAssignment, parseAssignments } from '../../src/cli/assignments.ts';
import { UsageError } from '../../src/cli/failures.ts';

describe('KEY=VALUE assignments', () => {
  it('parses values as JSON when they parse, as text otherwise', () => {
    expect(
      parseAssignments([
        'accessTokenTtl=15m',
        'refreshTokenTtl=never',
        'invalidateOnChange=true',
        'idTokenTtl=3600',
        'authorizationCodeTtl="5m"',
        'sessionIdleTtl=1h30m',
        'max={"accessTokenTtl":"1d"}',
      ]),
    ).toEqual([
      { path: ['accessTokenTtl'], value: '15m' },
      { path: ['refreshTokenTtl'], value: 'never' },
      { path: ['invalidateOnChange'], value: true },
      { path: ['idTokenTtl'], value: 3600 },
      { path: ['authorizationCodeTtl'], value: '5m' },
      { path: ['sessionIdleTtl'], value: '1h30m' },
      { path: ['max'], value: { accessTokenTtl: '1d' } },
    ]);
  });

  it('splits dotted keys into a path', () => {
    expect(parseAssignment('subjectClasses.admin.accessTokenTtl=8h')).toEqual({
      path: ['subjectClasses', 'admin', 'accessTokenTtl'],
      value: '8h',
    });
  });

  it('keeps everything after the first = as the value', () => {
    expect(parseAssignment('accessTokenTtl=a=b')).toEqual({ path: ['accessTokenTtl'], value: 'a=b' });
  });

  it('reads an empty value or null as unset', () => {
    expect(parseAssignment('accessTokenTtl=')).toEqual({ path: ['accessTokenTtl'], value: undefined });
    expect(parseAssignment('accessTokenTtl=  ')).toEqual({ path: ['accessTokenTtl'], value: undefined });
    expect(parseAssignment('accessTokenTtl=null')).toEqual({ path: ['accessTokenTtl'], value: undefined });
  });

  it('refuses an argument without = and keys that are not dotted names', () => {
    expect(() => parseAssignment('accessTokenTtl')).toThrow(UsageError);
    expect(() => parseAssignment('accessTokenTtl')).toThrow(
      '"accessTokenTtl" is not KEY=VALUE (use KEY= to unset a key)',
    );
    for (const key of ['', 'max.', '.max', 'max..x', '__proto__.polluted', 'a b']) {
      expect(() => parseAssignment(`${key}=1`)).toThrow(UsageError);
    }
  });

  it('merges into the document, creating nested sections, without changing the input', () => {
    const document = { accessTokenTtl: 3600, max: { refreshTokenTtl: 86_400 } };
    const merged = applyAssignments(
      document,
      parseAssignments([
        'accessTokenTtl=15m',
        'max.accessTokenTtl=1d',
        'subjectClasses.admin.accessTokenTtl=8h',
        'invalidateOnChange=true',
      ]),
    );
    expect(merged).toEqual({
      accessTokenTtl: '15m',
      max: { refreshTokenTtl: 86_400, accessTokenTtl: '1d' },
      subjectClasses: { admin: { accessTokenTtl: '8h' } },
      invalidateOnChange: true,
    });
    expect(document).toEqual({ accessTokenTtl: 3600, max: { refreshTokenTtl: 86_400 } });
  });

  it('applies assignments in order: the last one wins', () => {
    expect(applyAssignments({}, parseAssignments(['accessTokenTtl=1h', 'accessTokenTtl=15m']))).toEqual({
      accessTokenTtl: '15m',
    });
  });

  it('unsets keys and drops the sections they leave empty', () => {
    const document = {
      accessTokenTtl: 900,
      max: { accessTokenTtl: 86_400 },
      subjectClasses: { admin: { accessTokenTtl: 28_800 }, service: { accessTokenTtl: 60 } },
    };
    expect(
      applyAssignments(
        document,
        parseAssignments(['max.accessTokenTtl=', 'subjectClasses.admin.accessTokenTtl=', 'idTokenTtl=']),
      ),
    ).toEqual({ accessTokenTtl: 900, subjectClasses: { service: { accessTokenTtl: 60 } } });
  });

  it('replaces a value that is not a section when a path walks through it', () => {
    expect(applyAssignments({ max: 5 }, parseAssignments(['max.accessTokenTtl=1d']))).toEqual({
      max: { accessTokenTtl: '1d' },
    });
    expect(applyAssignments({ max: 5 }, parseAssignments(['max.accessTokenTtl=']))).toEqual({ max: 5 });
  });
});
