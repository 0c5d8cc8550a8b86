import { parseDurationSeconds } from '../duration.ts';
import { type FieldProblem, ValidationFailed } from '../errors.ts';
import {
  DURATION_SETTING_NAMES,
  type EffectiveSettings,
  LONGEST_LIFETIME_SECONDS,
  SETTINGS,
  type SettingName,
  type SettingValue,
  SUBJECT_CLASSES,
  type SubjectClass,
} from './settings.ts';

const MAX_COUNT = 1_000_000;

/** The settings one level sets; anything absent is inherited from the broader levels. */
export type SettingValues = Partial<EffectiveSettings>;
/** Upper bounds, in seconds, that bind every more specific level and every request. */
export type Ceilings = Partial<Record<SettingName, number>>;

export interface PolicySection extends SettingValues {
  max?: Ceilings;
}

/** What an operator stores at one level (service, tenant, client, scope, user). */
export interface PolicyDocument extends PolicySection {
  /** Settings that apply only to tokens of one subject class; more specific than the level itself. */
  subjectClasses?: Partial<Record<SubjectClass, PolicySection>>;
  /** Changing a token lifetime here invalidates every current token under this level (seed 004). */
  invalidateOnChange?: boolean;
}

export type PolicyLevelKind = 'service' | 'tenant' | 'client' | 'scope' | 'user';

/** Which settings a level may carry: scopes carry token lifetimes only, and only entity levels have classes. */
const allowedSettings = (level: PolicyLevelKind): ReadonlySet<SettingName> =>
  new Set(
    (Object.keys(SETTINGS) as SettingName[]).filter((name) => level !== 'scope' || SETTINGS[name].perScope),
  );
const hasSubjectClasses = (level: PolicyLevelKind): boolean =>
  level === 'service' || level === 'tenant' || level === 'client';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parses one setting's value. `fromText` accepts the textual forms environment variables use for booleans.
 * Throws a plain message; callers attach the field name.
 */
export function parseSettingValue(name: SettingName, raw: unknown, fromText = false): SettingValue {
  const definition = SETTINGS[name];
  switch (definition.kind) {
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (fromText && typeof raw === 'string' && /^(true|false|1|0)$/i.test(raw.trim())) {
        return /^(true|1)$/i.test(raw.trim());
      }
      throw new Error('expected true or false');
    }
    case 'enum': {
      const allowed = definition.values ?? [];
      if (typeof raw === 'string' && allowed.includes(raw)) return raw as SettingValue;
      throw new Error(`expected one of ${allowed.join(', ')}`);
    }
    case 'lifetime':
      if (raw === 'never') {
        if (definition.allowsNever) return 'never';
        throw new Error('this lifetime cannot be never: give a duration');
      }
      return parseBoundedDuration(raw, 1, definition.allowsNever ? ' or never' : '');
    case 'limit':
      return raw === 'none' ? 'none' : parseBoundedDuration(raw, 1, ' or none');
    case 'interval':
      return parseBoundedDuration(raw, 0, '');
    case 'count':
      if (raw === 'none') return 'none';
      if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 1 && raw <= MAX_COUNT) return raw;
      if (
        typeof raw === 'string' &&
        /^\d{1,7}$/.test(raw.trim()) &&
        Number(raw) >= 1 &&
        Number(raw) <= MAX_COUNT
      ) {
        return Number(raw);
      }
      throw new Error(`expected a whole number from 1 to ${MAX_COUNT}, or none`);
  }
}

function parseBoundedDuration(raw: unknown, minimum: number, alternative: string): number {
  const seconds = parseDurationSeconds(raw, alternative);
  if (seconds < minimum || seconds > LONGEST_LIFETIME_SECONDS) {
    throw new Error(`must be between ${minimum} and ${LONGEST_LIFETIME_SECONDS} seconds`);
  }
  return seconds;
}

/** Parses and normalises a policy document, collecting every problem before failing. */
export function parsePolicyDocument(
  input: unknown,
  level: PolicyLevelKind,
  field = 'policy',
): PolicyDocument {
  const problems: FieldProblem[] = [];
  const document = parseSection(input, level, field, problems, true) as PolicyDocument;
  if (problems.length > 0) throw new ValidationFailed('the policy is not valid', problems);
  return document;
}

function parseSection(
  input: unknown,
  level: PolicyLevelKind,
  field: string,
  problems: FieldProblem[],
  topLevel: boolean,
): PolicySection {
  if (!isRecord(input)) {
    problems.push({ field, message: 'expected an object' });
    return {};
  }
  const allowed = allowedSettings(level);
  const section: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(input)) {
    const path = `${field}.${key}`;
    if (raw === null || raw === undefined) continue; // null unsets: the level then inherits
    if (key === 'max') {
      const ceilings = parseCeilings(raw, allowed, path, problems);
      if (Object.keys(ceilings).length > 0) section.max = ceilings;
    } else if (topLevel && key === 'subjectClasses' && hasSubjectClasses(level)) {
      const classes = parseSubjectClasses(raw, level, path, problems);
      if (Object.keys(classes).length > 0) section.subjectClasses = classes;
    } else if (topLevel && key === 'invalidateOnChange' && level !== 'scope') {
      if (typeof raw === 'boolean') section.invalidateOnChange = raw;
      else problems.push({ field: path, message: 'expected true or false' });
    } else if (Object.hasOwn(SETTINGS, key) && allowed.has(key as SettingName)) {
      try {
        section[key] = parseSettingValue(key as SettingName, raw);
      } catch (error) {
        problems.push({ field: path, message: (error as Error).message });
      }
    } else {
      problems.push({ field: path, message: unknownKeyMessage(key, level) });
    }
  }
  return section as PolicySection;
}

function unknownKeyMessage(key: string, level: PolicyLevelKind): string {
  if (Object.hasOwn(SETTINGS, key)) return `a ${level} policy cannot set ${key}`;
  if (key === 'subjectClasses') return `a ${level} policy cannot have subject classes`;
  return 'unknown policy setting';
}

function parseCeilings(
  raw: unknown,
  allowed: ReadonlySet<SettingName>,
  field: string,
  problems: FieldProblem[],
): Ceilings {
  if (!isRecord(raw)) {
    problems.push({ field, message: 'expected an object of ceilings' });
    return {};
  }
  const ceilings: Ceilings = {};
  for (const [key, value] of Object.entries(raw)) {
    const path = `${field}.${key}`;
    if (value === null || value === undefined) continue;
    const name = key as SettingName;
    if (!DURATION_SETTING_NAMES.includes(name) || !allowed.has(name)) {
      problems.push({ field: path, message: 'only duration settings can have a ceiling' });
      continue;
    }
    try {
      ceilings[name] = parseBoundedDuration(value, SETTINGS[name].kind === 'interval' ? 0 : 1, '');
    } catch (error) {
      problems.push({ field: path, message: (error as Error).message });
    }
  }
  return ceilings;
}

function parseSubjectClasses(
  raw: unknown,
  level: PolicyLevelKind,
  field: string,
  problems: FieldProblem[],
): Partial<Record<SubjectClass, PolicySection>> {
  if (!isRecord(raw)) {
    problems.push({ field, message: 'expected an object keyed by subject class' });
    return {};
  }
  const classes: Partial<Record<SubjectClass, PolicySection>> = {};
  for (const [key, value] of Object.entries(raw)) {
    const path = `${field}.${key}`;
    if (value === null || value === undefined) continue;
    if (!(SUBJECT_CLASSES as readonly string[]).includes(key)) {
      problems.push({
        field: path,
        message: `unknown subject class; expected one of ${SUBJECT_CLASSES.join(', ')}`,
      });
      continue;
    }
    classes[key as SubjectClass] = parseSection(value, level, path, problems, false);
  }
  return classes;
}

/**
 * True when the document sets a token or code lifetime that differs from `before` (drives invalidateOnChange);
 * lockout durations and other settings change no token's lifetime.
 */
export function changesTokenLifetime(before: PolicyDocument, after: PolicyDocument): boolean {
  const lifetimes = DURATION_SETTING_NAMES.filter((name) => SETTINGS[name].tokenLifetime === true);
  const differs = (a: PolicySection | undefined, b: PolicySection | undefined): boolean =>
    lifetimes.some((name) => a?.[name] !== b?.[name] || a?.max?.[name] !== b?.max?.[name]);
  if (differs(before, after)) return true;
  const classes = new Set([
    ...Object.keys(before.subjectClasses ?? {}),
    ...Object.keys(after.subjectClasses ?? {}),
  ]);
  return [...classes].some((name) =>
    differs(before.subjectClasses?.[name as SubjectClass], after.subjectClasses?.[name as SubjectClass]),
  );
}
