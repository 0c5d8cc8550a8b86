/** A level that owns a policy document, as the console addresses it. */
export type PolicyLevel =
  | { level: 'service' }
  | { level: 'tenant'; id: string }
  | { level: 'client'; id: string }
  | { level: 'scope'; id: string }
  | { level: 'user'; id: string };

/** The management API's base path of a level: /admin/v1/tenants/acme. */
export function levelPath(level: PolicyLevel): string {
  if (level.level === 'service') return '/admin/v1/service';
  return `/admin/v1/${level.level}s/${encodeURIComponent(level.id)}`;
}

export const levelName = (level: PolicyLevel): string =>
  level.level === 'service' ? 'the service' : `${level.level} ${level.id}`;
