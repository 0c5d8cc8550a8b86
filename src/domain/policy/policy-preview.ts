import type { LiveCounts, PolicyImpactRepository } from '../../ports/policy-impact-repository.ts';
import type { Clock } from '../clock.ts';
import type { PolicyOwner } from './change.ts';
import { changesTokenLifetime, type PolicyDocument } from './document.ts';
import type { DocumentPrecondition } from './document-tag.ts';
import type { PolicyWarning } from './lint.ts';
import type { PolicyAdministration } from './policy-administration.ts';
import type { ExplainedSetting } from './resolve.ts';
import { SETTING_NAMES, type SettingName, type SubjectClass } from './settings.ts';

export interface SettingChange {
  subjectClass: SubjectClass;
  setting: SettingName;
  before: ExplainedSetting;
  after: ExplainedSetting;
}

export interface PolicyPreview {
  policy: PolicyDocument;
  warnings: PolicyWarning[];
  /** Effective values that would change at the level, per subject class. */
  changes: SettingChange[];
  /** True when the change would end every current token under the level (invalidateOnChange). */
  invalidatesTokens: boolean;
  /** What lives under the level now: ended by the change, or keeping its own expiry. */
  liveRefreshFamilies: number;
  liveSessions: number;
}

/** A dry run of a policy change: what it would do, with nothing stored. */
export class PolicyPreviews {
  constructor(
    private readonly clock: Clock,
    private readonly policies: PolicyAdministration,
    private readonly impact: PolicyImpactRepository,
  ) {}

  /** What lives under a level now: what expiring its tokens would end. */
  liveUnder(owner: PolicyOwner): Promise<LiveCounts> {
    return this.impact.liveCounts(owner, this.clock.now());
  }

  /** With a precondition, a stale one is refused as a real save would refuse it (RFC 9110 §13.1.1). */
  async preview(
    owner: PolicyOwner,
    input: unknown,
    precondition?: DocumentPrecondition,
  ): Promise<PolicyPreview> {
    const compared = await this.policies.compare(owner, input, precondition);
    const changes: SettingChange[] = [];
    for (const [subjectClass, after] of compared.resolvedAfter) {
      const before = compared.resolvedBefore.get(subjectClass);
      if (!before) continue;
      for (const setting of SETTING_NAMES) {
        if (before.settings[setting] !== after.settings[setting]) {
          changes.push({
            subjectClass,
            setting,
            before: before.explanation[setting],
            after: after.explanation[setting],
          });
        }
      }
    }
    const invalidatesTokens =
      owner.level !== 'scope' &&
      compared.after.invalidateOnChange === true &&
      changesTokenLifetime(compared.before, compared.after);
    const live = await this.impact.liveCounts(owner, this.clock.now());
    return {
      policy: compared.after,
      warnings: compared.warnings,
      changes,
      invalidatesTokens,
      liveRefreshFamilies: live.refreshFamilies,
      liveSessions: live.sessions,
    };
  }
}
