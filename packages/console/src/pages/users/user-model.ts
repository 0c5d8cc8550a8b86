import type { paths } from '../../api/management-api.ts';

/** A user as the management API shows it (never with a password or its hash). */
export type User = paths['/admin/v1/users/{id}']['get']['responses'][200]['content']['application/json'];
export type SubjectClass = NonNullable<
  NonNullable<paths['/admin/v1/users']['post']['requestBody']>['content']['application/json']['subjectClass']
>;
export type LockState =
  paths['/admin/v1/users/{id}/lock']['get']['responses'][200]['content']['application/json'];
export type LoginSession =
  paths['/admin/v1/users/{id}/sessions']['get']['responses'][200]['content']['application/json']['items'][number];
export type RefreshFamily =
  paths['/admin/v1/users/{id}/refresh-families']['get']['responses'][200]['content']['application/json']['items'][number];

/** The subject classes a person can have, in the words of the console. */
export const SUBJECT_CLASSES: readonly { value: SubjectClass; label: string }[] = [
  { value: 'user', label: 'user: a person who signs in' },
  { value: 'admin', label: 'admin: a console administrator (in the service tenant)' },
  { value: 'anonymous', label: 'anonymous: no username, a guest of an app' },
];

/** How a user is named on a page: their username, or their id when they have none. */
export const userName = (user: Pick<User, 'id' | 'username'>): string => user.username ?? user.id;

/** The query keys of one user: every one begins with ['users', id], which a change invalidates at once. */
export const userKeys = {
  all: ['users'] as const,
  user: (id: string) => ['users', id] as const,
  lock: (id: string) => ['users', id, 'lock'] as const,
  sessions: (id: string) => ['users', id, 'sessions'] as const,
  families: (id: string) => ['users', id, 'refresh-families'] as const,
};

const two = (n: number) => String(n).padStart(2, '0');

/** An RFC 3339 instant as the value of a datetime-local control, in the administrator's time zone. */
export function localInputOf(iso: string | null): string {
  if (iso === null) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** A datetime-local control's value as an RFC 3339 instant; empty is null (no end). */
export function instantOfLocalInput(value: string): string | null {
  if (value === '') return null;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? value : instant.toISOString();
}
