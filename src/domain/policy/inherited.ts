import { type ResolvedPolicy, type StackedExplanation, stackedExplanation } from './resolve.ts';
import type { SubjectClass } from './settings.ts';

/**
 * What a level inherits: per subject class that applies there, every setting as it resolves at the level when
 * the level's own document is empty (the value, where it comes from, the ceiling that binds it, the stack).
 * The policy editor shows it beside each setting of the level.
 */
export interface InheritedPolicy {
  subjectClasses: Partial<Record<SubjectClass, StackedExplanation>>;
}

/** Shapes the resolution of an empty draft at a level (see `PolicyAdministration.inherited`). */
export function inheritedPolicy(resolvedByClass: ReadonlyMap<SubjectClass, ResolvedPolicy>): InheritedPolicy {
  return {
    subjectClasses: Object.fromEntries(
      [...resolvedByClass].map(([subjectClass, resolved]) => [
        subjectClass,
        stackedExplanation(resolved.explanation, resolved.stacks),
      ]),
    ),
  };
}
