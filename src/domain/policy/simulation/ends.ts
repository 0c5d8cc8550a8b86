import type { RequestedLifetime, ResolvedPolicy } from '../resolve.ts';
import type { SettingName } from '../settings.ts';
import type { EndCause, EndReason, Offset, Piece, PieceKind } from './timeline.ts';

/** When something ends and why; `at` null: never (and then no cause). */
export type End = { at: Offset; cause: EndCause } | { at: null; cause: null };

export const NEVER: End = { at: null, cause: null };

/** The cause a setting gives, with the level that set it and the ceiling that clamped it. */
export function settingCause(policy: ResolvedPolicy, reason: EndReason, setting: SettingName): EndCause {
  const { source, clampedBy } = policy.explanation[setting];
  return { reason, setting, source, ...(clampedBy && { clampedBy }) };
}

/** `duration` seconds after `from`, set by `setting`; `never` and `none` do not end. */
export function after(from: Offset, duration: number | 'never' | 'none', cause: () => EndCause): End {
  return typeof duration === 'number' ? { at: from + duration, cause: cause() } : NEVER;
}

/** The end of an access token issued at `issuedAt` with a lifetime the request level decided. */
export function accessTokenEnd(issuedAt: Offset, lifetime: RequestedLifetime): End {
  return after(issuedAt, lifetime.value, () => ({
    reason: 'lifetime',
    setting: 'accessTokenTtl',
    source: lifetime.source,
    ...(lifetime.clampedBy && { clampedBy: lifetime.clampedBy }),
  }));
}

/** The earliest of several ends; on a tie the one listed first wins (a piece's own lifetime before its caps). */
export function earliest(...ends: End[]): End {
  let best: End = NEVER;
  for (const end of ends) {
    if (end.at !== null && (best.at === null || end.at < best.at)) best = end;
  }
  return best;
}

/** The latest of several ends (never, if any never ends); on a tie the one listed first wins. */
export function latest(...ends: End[]): End {
  let best: End | undefined;
  for (const end of ends) {
    if (end.at === null) return NEVER;
    if (best === undefined || (best.at !== null && end.at > best.at)) best = end;
  }
  return best ?? NEVER;
}

export const piece = (kind: PieceKind, startsAt: Offset, end: End): Piece => ({
  kind,
  startsAt,
  endsAt: end.at,
  endedBy: end.cause,
});
