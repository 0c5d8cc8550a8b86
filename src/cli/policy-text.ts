import { describeSource, describeValue } from '../domain/policy/describe.ts';
import type { PolicyWarning } from '../domain/policy/lint.ts';
import type { PolicyView } from '../domain/policy/policy-administration.ts';
import { SUBJECT_CLASSES } from '../domain/policy/settings.ts';
import { indent, pairs } from './output.ts';

/** A document as `KEY VALUE` lines with dotted keys, as `policy set` takes them; durations read like 1h30m. */
export function flattenDocument(document: object, prefix = ''): [string, string][] {
  const lines: [string, string][] = [];
  for (const [key, value] of Object.entries(document)) {
    const path = `${prefix}${key}`;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      lines.push(...flattenDocument(value, `${path}.`));
    } else {
      lines.push([path, typeof value === 'number' ? describeValue(value, key) : String(value)]);
    }
  }
  return lines;
}

export function documentText(document: object): string {
  const lines = flattenDocument(document);
  return lines.length === 0 ? 'nothing set: every setting is inherited' : pairs(lines);
}

/** "accessTokenTtl: … (user, admin tokens; set by tenant acme)". */
export function warningText(warning: PolicyWarning): string {
  const classes =
    warning.subjectClasses.length === SUBJECT_CLASSES.length ? 'all' : warning.subjectClasses.join(', ');
  return `${warning.setting}: ${warning.message} (${classes} tokens; set by ${describeSource(warning.source)})`;
}

export function warningsText(warnings: readonly PolicyWarning[]): string {
  if (warnings.length === 0) return 'No warnings.';
  return `Warnings:\n${indent(warnings.map(warningText).join('\n'))}`;
}

/** A level's document, the version in force and the lint warnings. */
export const policyViewText = (heading: string, view: PolicyView): string =>
  `${heading} (policy version ${view.version}):\n${indent(documentText(view.policy))}\n${warningsText(view.warnings)}`;
