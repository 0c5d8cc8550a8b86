import type { paths } from '../../api/management-api.ts';

type AuditQuery = NonNullable<paths['/admin/v1/audit']['get']['parameters']['query']>;
export type AuditEvent =
  paths['/admin/v1/audit']['get']['responses'][200]['content']['application/json']['items'][number];

/** The filters of the audit log, as the page's address carries them (the API's own parameter names). */
export interface AuditFilters {
  action: string;
  actor: string;
  tenantId: string;
  subject: string;
  outcome: '' | 'success' | 'failure';
  /** RFC 3339 instants, or '' for no bound. */
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = {
  action: '',
  actor: '',
  tenantId: '',
  subject: '',
  outcome: '',
  from: '',
  to: '',
};

const NAMES = Object.keys(NO_FILTERS) as Array<keyof AuditFilters>;

/** Actions the service records by name; management calls are recorded as "admin.<METHOD> <route>". */
export const KNOWN_ACTIONS = [
  'login',
  'logout',
  'user.locked',
  'user.unlocked',
  'device.locked',
  'token.revoked',
  'key.rotated',
] as const;

const outcomeOf = (value: string | null): AuditFilters['outcome'] =>
  value === 'success' || value === 'failure' ? value : '';

export function filtersOf(search: URLSearchParams): AuditFilters {
  const text = (name: keyof AuditFilters) => search.get(name) ?? '';
  return {
    action: text('action'),
    actor: text('actor'),
    tenantId: text('tenantId'),
    subject: text('subject'),
    outcome: outcomeOf(search.get('outcome')),
    from: text('from'),
    to: text('to'),
  };
}

/** The address of a view: only the filters set. */
export function searchOf(filters: AuditFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const name of NAMES) {
    const value = filters[name].trim();
    if (value !== '') search.set(name, value);
  }
  return search;
}

export const isFiltered = (filters: AuditFilters): boolean => NAMES.some((name) => filters[name] !== '');

const TEXT_FILTERS = ['action', 'actor', 'tenantId', 'subject', 'from', 'to'] as const;

/** The API's query for one page of the view. */
export function auditQuery(filters: AuditFilters, before: string | undefined, limit: number): AuditQuery {
  const query: AuditQuery = { limit };
  for (const name of TEXT_FILTERS) {
    const value = filters[name].trim();
    if (value !== '') query[name] = value;
  }
  if (filters.outcome !== '') query.outcome = filters.outcome;
  if (before !== undefined) query.before = before;
  return query;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An RFC 3339 instant as a datetime-local control shows it: the person's own time zone, to the minute. */
export function localInputOf(iso: string): string {
  const date = new Date(iso);
  if (iso === '' || Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value (the person's own time zone) as an RFC 3339 instant in UTC; '' stays ''. */
export function instantOfLocalInput(value: string): string {
  if (value === '') return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
