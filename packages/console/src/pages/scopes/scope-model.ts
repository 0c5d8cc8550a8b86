import type { paths } from '../../api/management-api.ts';

/** A scope as the management API shows it; its id is its name. */
export type Scope = paths['/admin/v1/scopes/{id}']['get']['responses'][200]['content']['application/json'];

export const scopePath = (name: string): string => `/scopes/${encodeURIComponent(name)}`;

export const matches = (scope: Scope, search: string): boolean =>
  `${scope.name} ${scope.description}`.toLowerCase().includes(search.trim().toLowerCase());
