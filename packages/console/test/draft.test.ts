import { describe, expect, it } from 'vitest';
import { diffDocuments, fieldKey, setCeiling, setValue } from '../src/components/policy/draft.ts';

describe('policy drafts', () => {
  it('sets and removes settings and ceilings, and leaves no empty blocks behind', () => {
    const admin = { kind: 'class', subjectClass: 'admin' } as const;
    let doc = setValue({}, admin, 'accessTokenTtl', 28_800);
    expect(doc).toEqual({ subjectClasses: { admin: { accessTokenTtl: 28_800 } } });
    doc = setCeiling(doc, { kind: 'level' }, 'accessTokenTtl', 86_400);
    expect(doc).toEqual({
      max: { accessTokenTtl: 86_400 },
      subjectClasses: { admin: { accessTokenTtl: 28_800 } },
    });
    doc = setValue(doc, admin, 'accessTokenTtl', undefined);
    doc = setCeiling(doc, { kind: 'level' }, 'accessTokenTtl', undefined);
    expect(doc).toEqual({});
  });

  it('names fields as the server does, and diffs documents path by path', () => {
    expect(fieldKey({ kind: 'level' }, 'refreshTokenTtl', true)).toBe('policy.max.refreshTokenTtl');
    expect(fieldKey({ kind: 'class', subjectClass: 'admin' }, 'accessTokenTtl')).toBe(
      'policy.subjectClasses.admin.accessTokenTtl',
    );
    expect(
      diffDocuments(
        { accessTokenTtl: 3600, max: { accessTokenTtl: 86_400 } },
        { accessTokenTtl: 900, refreshTokenRotation: false },
      ),
    ).toEqual([
      { path: 'accessTokenTtl', before: 3600, after: 900 },
      { path: 'max.accessTokenTtl', before: 86_400, after: undefined },
      { path: 'refreshTokenRotation', before: undefined, after: false },
    ]);
  });
});
