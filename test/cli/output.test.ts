import { describe, expect, it } from 'vitest';
import { pairs, table } from '../../src/cli/output.ts';
import { documentText, flattenDocument } from '../../src/cli/policy-text.ts';

describe('human output', () => {
  it('aligns table columns under upper-case headers, without trailing spaces', () => {
    const rows = [
      { id: 'acme', name: 'Acme Corporation', parent: '-' },
      { id: 'sub-tenant', name: 'Sub', parent: 'acme' },
    ];
    expect(
      table(rows, [
        { header: 'id', cell: (r) => r.id },
        { header: 'name', cell: (r) => r.name },
        { header: 'parent', cell: (r) => r.parent },
      ]),
    ).toBe(
      [
        'ID          NAME              PARENT',
        'acme        Acme Corporation  -',
        'sub-tenant  Sub               acme',
      ].join('\n'),
    );
  });

  it('aligns label and value pairs', () => {
    expect(
      pairs([
        ['id', 'acme'],
        ['created', 'now'],
      ]),
    ).toBe('id       acme\ncreated  now');
  });

  it('flattens a policy document into the keys policy set takes, with durations in human form', () => {
    const document = {
      accessTokenTtl: 5400,
      refreshTokenTtl: 'never',
      max: { accessTokenTtl: 86_400 },
      subjectClasses: { admin: { accessTokenTtl: 28_800 } },
      invalidateOnChange: true,
    };
    expect(flattenDocument(document)).toEqual([
      ['accessTokenTtl', '1h30m'],
      ['refreshTokenTtl', 'never'],
      ['max.accessTokenTtl', '1d'],
      ['subjectClasses.admin.accessTokenTtl', '8h'],
      ['invalidateOnChange', 'true'],
    ]);
    expect(documentText({})).toBe('nothing set: every setting is inherited');
  });
});
