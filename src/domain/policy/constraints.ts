import type { FieldProblem } from '../errors.ts';
import { describeSource, describeValue } from './describe.ts';
import type { ExplainedSetting, ResolvedPolicy, SettingSource } from './resolve.ts';
import { durationRank, type SettingName, type SubjectClass } from './settings.ts';

/** Subject classes that can hold refresh tokens (a service acting for itself never gets one). */
export const REFRESHING_CLASSES: readonly SubjectClass[] = ['user', 'admin', 'anonymous'];

/**
 * Rules checked when a policy is saved, on the effective values at the saved level (lifetime-policy.md,
 * "Constraints"): refresh ≥ access (seed 004) and absolute refresh ≥ refresh. `fieldOf` maps a source back to
 * the field of the saved document that set it, so the problem names what the operator can change.
 */
export function checkConstraints(
  resolvedByClass: ReadonlyMap<SubjectClass, ResolvedPolicy>,
  fieldOf: (name: SettingName, source: SettingSource) => string,
): FieldProblem[] {
  const problems = new Map<string, FieldProblem>();
  const add = (field: string, message: string) => {
    if (!problems.has(field)) problems.set(field, { field, message });
  };
  for (const subjectClass of REFRESHING_CLASSES) {
    const resolved = resolvedByClass.get(subjectClass);
    if (!resolved?.settings.refreshTokenEnabled) continue;
    const { accessTokenTtl, refreshTokenTtl, refreshTokenAbsoluteTtl } = resolved.explanation;
    if (isShorter(refreshTokenTtl, accessTokenTtl)) {
      const message =
        `the refresh token lifetime (${explain(refreshTokenTtl)}) must not be shorter than the access token ` +
        `lifetime (${explain(accessTokenTtl)}) for ${subjectClass} tokens`;
      add(fieldOf('refreshTokenTtl', refreshTokenTtl.source), message);
      add(fieldOf('accessTokenTtl', accessTokenTtl.source), message);
    }
    if (isShorter(refreshTokenAbsoluteTtl, refreshTokenTtl)) {
      const message =
        `the absolute refresh lifetime (${explain(refreshTokenAbsoluteTtl)}) must not be shorter than the ` +
        `refresh token lifetime (${explain(refreshTokenTtl)}) for ${subjectClass} tokens`;
      add(fieldOf('refreshTokenAbsoluteTtl', refreshTokenAbsoluteTtl.source), message);
      add(fieldOf('refreshTokenTtl', refreshTokenTtl.source), message);
    }
  }
  return [...problems.values()];
}

const isShorter = (a: ExplainedSetting, b: ExplainedSetting): boolean =>
  durationRank(a.value) < durationRank(b.value);

const explain = (setting: ExplainedSetting): string =>
  `${describeValue(setting.value)}, from ${describeSource(setting.source)}`;
