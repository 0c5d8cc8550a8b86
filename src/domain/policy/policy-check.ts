import { ValidationFailed } from '../errors.ts';
import { checkConstraints } from './constraints.ts';
import type { PolicyDocument } from './document.ts';
import { lintPolicy, type PolicyWarning } from './lint.ts';
import { buildPolicyPath, type PathParts, type PolicyHolder } from './path.ts';
import { type ResolvedPolicy, resolvePolicy, type SettingSource } from './resolve.ts';
import { type SettingName, SUBJECT_CLASSES, type SubjectClass } from './settings.ts';

/** A document about to be stored at one level, with the levels above it. */
export interface PolicyDraft {
  level: 'service' | 'tenant' | 'client' | 'scope' | 'user';
  /** The id of the owner (tenant, client, scope); absent for the service. */
  id?: string;
  document: PolicyDocument;
  /** The documents above the draft, in path form; the draft's own place is filled from `document`. */
  above: Omit<PathParts, 'subjectClass' | 'client' | 'scopes' | 'user'> & {
    client?: PolicyHolder | undefined;
  };
  /** The subject classes the draft can apply to (a user has one); all when absent. */
  subjectClasses?: readonly SubjectClass[];
}

/** Resolves the draft's level for every subject class, as if the draft were stored. */
export function resolveDraft(draft: PolicyDraft): Map<SubjectClass, ResolvedPolicy> {
  const own: PolicyHolder = { id: draft.id ?? '', policy: draft.document };
  const parts: Omit<PathParts, 'subjectClass'> = {
    configured: draft.above.configured,
    stored: draft.level === 'service' ? draft.document : draft.above.stored,
    tenants: draft.level === 'tenant' ? [...draft.above.tenants, own] : draft.above.tenants,
    client: draft.level === 'client' ? own : draft.above.client,
    scopes: draft.level === 'scope' ? [own] : [],
    user: draft.level === 'user' ? own : undefined,
  };
  return new Map(
    (draft.subjectClasses ?? SUBJECT_CLASSES).map((subjectClass) => [
      subjectClass,
      resolvePolicy(buildPolicyPath({ ...parts, subjectClass })),
    ]),
  );
}

/** Refuses a draft that breaks a constraint at its effective level; returns its lint warnings otherwise. */
export function checkDraft(draft: PolicyDraft, field = 'policy'): PolicyWarning[] {
  const resolved = resolveDraft(draft);
  const isOwn = (source: SettingSource): boolean => {
    if (source.level === 'service') return draft.level === 'service' && source.id === 'stored';
    return source.level === draft.level && 'id' in source && source.id === draft.id;
  };
  const fieldOf = (name: SettingName, source: SettingSource): string =>
    source.level === 'subjectClass' && isOwn(source.owner)
      ? `${field}.subjectClasses.${source.id}.${name}`
      : `${field}.${name}`;
  const problems = checkConstraints(resolved, fieldOf);
  if (problems.length > 0) throw new ValidationFailed('the policy breaks a lifetime constraint', problems);
  return lintPolicy(resolved);
}
