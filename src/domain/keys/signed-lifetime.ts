import type { PolicyDocument, PolicySection } from '../policy/document.ts';
import { DEFAULT_SETTINGS, durationRank, type SettingName } from '../policy/settings.ts';

const SIGNED: SettingName[] = ['accessTokenTtl', 'idTokenTtl'];

/**
 * The longest a JWT signed now can live, in seconds, over every policy document (values and ceilings, since a
 * request may ask up to a ceiling); null when some lifetime is never. A retired key stays published that long.
 */
export function longestSignedLifetime(documents: readonly PolicyDocument[]): number | null {
  let longest = Math.max(...SIGNED.map((name) => durationRank(DEFAULT_SETTINGS[name])));
  const sections = documents.flatMap((document): PolicySection[] => [
    document,
    ...Object.values(document.subjectClasses ?? {}),
  ]);
  for (const section of sections) {
    for (const name of SIGNED) {
      for (const value of [section[name], section.max?.[name]]) {
        if (value !== undefined) longest = Math.max(longest, durationRank(value));
      }
    }
  }
  return Number.isFinite(longest) ? longest : null;
}
