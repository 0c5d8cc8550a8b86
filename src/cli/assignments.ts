import { UsageError } from './failures.ts';

/** One `KEY=VALUE` argument: a dotted path into a policy document, and the value to set (undefined unsets). */
export interface Assignment {
  path: string[];
  value: unknown;
}

type DocumentObject = Record<string, unknown>;

// setting names are camelCase words; the dots walk into `max` and `subjectClasses`
const KEY = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;

/**
 * Parses `KEY=VALUE`. The value is JSON when it parses as JSON (`3600`, `true`, `"15m"`), else the text as
 * it is (`15m`, `never`); an empty value or `null` unsets the key so the level inherits it again.
 */
export function parseAssignment(text: string): Assignment {
  const equals = text.indexOf('=');
  if (equals < 0) throw new UsageError(`"${text}" is not KEY=VALUE (use KEY= to unset a key)`);
  const key = text.slice(0, equals).trim();
  if (!KEY.test(key)) {
    throw new UsageError(
      `"${key}" is not a policy key: use a setting name, or a dotted path such as max.accessTokenTtl`,
    );
  }
  return { path: key.split('.'), value: parseValue(text.slice(equals + 1)) };
}

export const parseAssignments = (texts: readonly string[]): Assignment[] => texts.map(parseAssignment);

function parseValue(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return raw;
  }
  return value === null ? undefined : value;
}

/** The document with the assignments applied in order; the input is not changed. Empty objects are dropped. */
export function applyAssignments(document: object, assignments: readonly Assignment[]): DocumentObject {
  const result = structuredClone(document) as DocumentObject;
  for (const { path, value } of assignments) {
    if (value === undefined) unset(result, path);
    else set(result, path, value);
  }
  return result;
}

const isObject = (value: unknown): value is DocumentObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const own = (target: DocumentObject, key: string): unknown =>
  Object.hasOwn(target, key) ? target[key] : undefined;

function set(target: DocumentObject, path: readonly string[], value: unknown): void {
  const [key, ...rest] = path;
  if (key === undefined) return;
  if (rest.length === 0) {
    target[key] = value;
    return;
  }
  const existing = own(target, key);
  const child = isObject(existing) ? existing : {};
  target[key] = child;
  set(child, rest, value);
}

function unset(target: DocumentObject, path: readonly string[]): void {
  const [key, ...rest] = path;
  if (key === undefined || !Object.hasOwn(target, key)) return;
  if (rest.length === 0) {
    delete target[key];
    return;
  }
  const child = target[key];
  if (!isObject(child)) return;
  unset(child, rest);
  if (Object.keys(child).length === 0) delete target[key];
}
