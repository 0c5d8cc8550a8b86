/**
 * The path of a token as GET /admin/v1/policy/effective and POST /admin/v1/policy/simulate take it. Every field
 * is optional; an empty string is "not given".
 */
export interface PolicyContext {
  tenantId: string;
  clientId: string;
  subjectClass: string;
  scope: string;
  userId: string;
}

export const CONTEXT_FIELDS = ['tenantId', 'clientId', 'subjectClass', 'scope', 'userId'] as const;

export const SUBJECT_CLASSES = ['user', 'admin', 'anonymous', 'service'] as const;

export const EMPTY_CONTEXT: PolicyContext = {
  tenantId: '',
  clientId: '',
  subjectClass: '',
  scope: '',
  userId: '',
};

/** The context a page's address carries (?clientId=web&scope=openid), so that a link reproduces it. */
export function contextFromSearch(search: URLSearchParams): PolicyContext {
  const read = (name: keyof PolicyContext) => (search.get(name) ?? '').trim();
  return {
    tenantId: read('tenantId'),
    clientId: read('clientId'),
    subjectClass: read('subjectClass'),
    scope: normalScope(read('scope')),
    userId: read('userId'),
  };
}

/** The address's query with the context's fields replaced, every other parameter kept. */
export function withContext(search: URLSearchParams, context: PolicyContext): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const name of CONTEXT_FIELDS) {
    const value = name === 'scope' ? normalScope(context[name]) : context[name].trim();
    if (value === '') next.delete(name);
    else next.set(name, value);
  }
  return next;
}

/** The fields given, as the API's query or body `context` takes them (absent when not given). */
export function contextQuery(context: PolicyContext): Partial<PolicyContext> {
  const given: Partial<PolicyContext> = {};
  for (const name of CONTEXT_FIELDS) {
    const value = name === 'scope' ? normalScope(context[name]) : context[name].trim();
    if (value !== '') given[name] = value;
  }
  return given;
}

/** Scopes are space-separated; extra spaces mean nothing. */
export const normalScope = (scope: string): string =>
  scope
    .split(/\s+/)
    .filter((s) => s !== '')
    .join(' ');

export const scopesOf = (scope: string): string[] => normalScope(scope).split(' ').filter(Boolean);

/** Whether the context names a tenant, a client or a user: a tenant administrator must name one. */
export const namesATenant = (context: PolicyContext): boolean =>
  context.tenantId !== '' || context.clientId !== '' || context.userId !== '';
