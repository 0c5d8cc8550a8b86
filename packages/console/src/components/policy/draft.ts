/** A policy document as stored: settings, `max` ceilings, `subjectClasses` blocks, `invalidateOnChange`. */
export type PolicyDoc = Record<string, unknown>;

/** Where in a document a setting lives: the level's own section, or one subject class's block. */
export type Section = { kind: 'level' } | { kind: 'class'; subjectClass: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The settings (and `max`) of one section. */
export function sectionOf(doc: PolicyDoc, section: Section): Record<string, unknown> {
  if (section.kind === 'level') return doc;
  const classes = isRecord(doc.subjectClasses) ? doc.subjectClasses : {};
  const block = classes[section.subjectClass];
  return isRecord(block) ? block : {};
}

export const valueIn = (doc: PolicyDoc, section: Section, setting: string): unknown =>
  sectionOf(doc, section)[setting];

export function ceilingIn(doc: PolicyDoc, section: Section, setting: string): unknown {
  const max = sectionOf(doc, section).max;
  return isRecord(max) ? max[setting] : undefined;
}

/** Removes empty objects (an emptied `max` or class block) so the saved document says only what is set. */
function pruned(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(
      ([, v]) => v !== undefined && !(isRecord(v) && Object.keys(v).length === 0),
    ),
  );
}

function withSection(doc: PolicyDoc, section: Section, next: Record<string, unknown>): PolicyDoc {
  if (section.kind === 'level') return pruned(next);
  const classes = isRecord(doc.subjectClasses) ? doc.subjectClasses : {};
  return pruned({ ...doc, subjectClasses: pruned({ ...classes, [section.subjectClass]: pruned(next) }) });
}

/** Sets (or, with undefined, removes: the level inherits again) a setting of a section. */
export function setValue(doc: PolicyDoc, section: Section, setting: string, value: unknown): PolicyDoc {
  return withSection(doc, section, { ...sectionOf(doc, section), [setting]: value });
}

/** Sets (or removes) the ceiling a section puts on a duration setting. */
export function setCeiling(
  doc: PolicyDoc,
  section: Section,
  setting: string,
  seconds: number | undefined,
): PolicyDoc {
  const current = sectionOf(doc, section);
  const max = isRecord(current.max) ? current.max : {};
  return withSection(doc, section, { ...current, max: pruned({ ...max, [setting]: seconds }) });
}

/** The server names a document's fields `policy.max.refreshTokenTtl`, `policy.subjectClasses.admin.x`. */
export function fieldKey(section: Section, setting: string, ceiling = false): string {
  const base = section.kind === 'level' ? 'policy' : `policy.subjectClasses.${section.subjectClass}`;
  return `${base}.${ceiling ? 'max.' : ''}${setting}`;
}

/** Every value of a document by its path ("subjectClasses.admin.max.accessTokenTtl"), for diffs. */
export function flatten(doc: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!isRecord(doc)) return out;
  for (const [key, value] of Object.entries(doc)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isRecord(value)) for (const [p, v] of flatten(value, path)) out.set(p, v);
    else out.set(path, value);
  }
  return out;
}

export interface DocumentChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** What differs between two documents, path by path (absent = inherited). */
export function diffDocuments(before: unknown, after: unknown): DocumentChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths
    .filter((path) => JSON.stringify(a.get(path)) !== JSON.stringify(b.get(path)))
    .map((path) => ({ path, before: a.get(path), after: b.get(path) }));
}

export const sameDocument = (a: unknown, b: unknown): boolean => diffDocuments(a, b).length === 0;
