import { REFRESHING_CLASSES } from './constraints.ts';
import { describeSource, describeValue } from './describe.ts';
import type { ResolvedPolicy, SettingSource } from './resolve.ts';
import { SETTING_NAMES, type SettingName, SUBJECT_CLASSES, type SubjectClass } from './settings.ts';

/** A practice seed 003's best practices advise against; returned with the policy, never blocking a save. */
export interface PolicyWarning {
  setting: SettingName;
  message: string;
  source: SettingSource;
  subjectClasses: SubjectClass[];
}

const ONE_HOUR = 3600;
const TEN_MINUTES = 600;
const NEVER_EXPIRING: readonly SettingName[] = [
  'accessTokenTtl',
  'idTokenTtl',
  'refreshTokenTtl',
  'refreshTokenAbsoluteTtl',
];

function warningsFor(
  resolved: ResolvedPolicy,
  subjectClass: SubjectClass,
): Omit<PolicyWarning, 'subjectClasses'>[] {
  const { settings, explanation } = resolved;
  const refreshing = settings.refreshTokenEnabled && REFRESHING_CLASSES.includes(subjectClass);
  const out: Omit<PolicyWarning, 'subjectClasses'>[] = [];
  const warn = (setting: SettingName, message: string) =>
    out.push({ setting, message, source: explanation[setting].source });

  for (const name of NEVER_EXPIRING) {
    if (name.startsWith('refresh') && !refreshing) continue;
    if (settings[name] === 'never') warn(name, `${name} is never: these tokens never expire`);
  }
  const access = settings.accessTokenTtl;
  if (typeof access === 'number' && access > ONE_HOUR) {
    warn('accessTokenTtl', 'access tokens live longer than 1 hour; keep them between 15 minutes and 1 hour');
  }
  if (refreshing && !settings.refreshTokenRotation) {
    warn('refreshTokenRotation', 'refresh token rotation is off; rotate refresh tokens');
  }
  if (refreshing && access !== 'never' && settings.refreshTokenTtl === access) {
    warn('refreshTokenTtl', 'refresh tokens live no longer than access tokens; give them a longer lifetime');
  }
  if (settings.authorizationCodeTtl > TEN_MINUTES) {
    warn(
      'authorizationCodeTtl',
      'authorization codes live longer than 10 minutes; keep them 5 to 10 minutes',
    );
  }
  for (const name of SETTING_NAMES) {
    const { value, clampedBy } = explanation[name];
    // a value above a ceiling is saved, but never used as written: say so
    if (clampedBy) {
      warn(
        name,
        `${name} is lowered to ${describeValue(value, name)} by the ceiling of ${describeSource(clampedBy)}`,
      );
    }
  }
  return out;
}

/** Lints the effective policy of every subject class; one warning lists every class it applies to. */
export function lintPolicy(resolvedByClass: ReadonlyMap<SubjectClass, ResolvedPolicy>): PolicyWarning[] {
  const merged = new Map<string, PolicyWarning>();
  for (const subjectClass of SUBJECT_CLASSES) {
    const resolved = resolvedByClass.get(subjectClass);
    if (!resolved) continue;
    for (const warning of warningsFor(resolved, subjectClass)) {
      const key = `${warning.setting}\u0000${warning.message}\u0000${describeSource(warning.source)}`;
      const existing = merged.get(key);
      if (existing) existing.subjectClasses.push(subjectClass);
      else merged.set(key, { ...warning, subjectClasses: [subjectClass] });
    }
  }
  return [...merged.values()];
}
