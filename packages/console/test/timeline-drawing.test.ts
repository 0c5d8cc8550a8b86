import { describe, expect, it } from 'vitest';
import { pieceRuns } from '../src/pages/timeline/piece-runs.ts';
import type { Piece } from '../src/pages/timeline/scenario.ts';
import { axisEnd, linearScale, tickLabel, timeTicks } from '../src/pages/timeline/time-axis.ts';

const lifetime = { reason: 'lifetime', setting: 'accessTokenTtl', source: { level: 'default' } } as const;
const access = (startsAt: number, length: number): Piece => ({
  kind: 'accessToken',
  startsAt,
  endsAt: startsAt + length,
  endedBy: lifetime,
});

describe('the timeline drawing', () => {
  it('maps seconds after the login proportionally onto the drawing', () => {
    const x = linearScale([0, 1000], [100, 600]);
    expect([x(0), x(500), x(1000)]).toEqual([100, 350, 600]);
  });

  it('spaces ticks in the unit the span suits, labelled short and exact', () => {
    expect(timeTicks(3.24 * 86_400, 10).map((t) => t.label)).toEqual([
      'login',
      '12 h',
      '1 d',
      '1 d 12 h',
      '2 d',
      '2 d 12 h',
      '3 d',
    ]);
    expect(timeTicks(3600, 5).map((t) => t.label)).toEqual(['login', '15 min', '30 min', '45 min', '1 h']);
    expect(tickLabel(90_061)).toBe('1 d 1 h 1 min 1 s');
  });

  it('draws to a little past the login’s end, or the horizon for a login that does not end', () => {
    expect(axisEnd(1000, 86_400)).toBe(1080);
    expect(axisEnd(null, 86_400)).toBe(86_400);
    expect(axisEnd(0, 86_400)).toBe(86_400);
  });
});

describe('pieces read as runs', () => {
  it('groups alike tokens issued at a steady pace, and keeps the one that differs apart', () => {
    const pieces = [access(0, 900), access(600, 900), access(1200, 900), access(1800, 900), access(2400, 60)];
    expect(pieceRuns(pieces)).toEqual([
      {
        kind: 'accessToken',
        first: 1,
        last: 4,
        ofKind: 5,
        startsAt: 0,
        lastStartsAt: 1800,
        every: 600,
        length: 900,
        lastEndsAt: 2700,
        endedBy: lifetime,
      },
      {
        kind: 'accessToken',
        first: 5,
        last: 5,
        ofKind: 5,
        startsAt: 2400,
        lastStartsAt: 2400,
        every: null,
        length: 60,
        lastEndsAt: 2460,
        endedBy: lifetime,
      },
    ]);
  });

  it('lists a run shorter than asked for piece by piece, and every piece when asked', () => {
    const pieces = [access(0, 900), access(600, 900)];
    expect(pieceRuns(pieces).map((r) => [r.first, r.last, r.every])).toEqual([
      [1, 1, null],
      [2, 2, null],
    ]);
    const many = [access(0, 900), access(600, 900), access(1200, 900)];
    expect(pieceRuns(many, Number.POSITIVE_INFINITY)).toHaveLength(3);
  });

  it('does not group pieces whose pace changes, and orders kinds as the timeline does', () => {
    const account: Piece = { kind: 'account', startsAt: -864_000, endsAt: null, endedBy: null };
    const pieces = [account, access(0, 900), access(600, 900), access(1800, 900)];
    expect(pieceRuns(pieces).map((r) => [r.kind, r.first, r.last])).toEqual([
      ['accessToken', 1, 1],
      ['accessToken', 2, 2],
      ['accessToken', 3, 3],
      ['account', 1, 1],
    ]);
  });
});
