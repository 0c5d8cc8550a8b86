import type { UserLock } from '../../domain/accounts/lockout.ts';
import type { User } from '../../domain/accounts/user.ts';
import type { Client } from '../../domain/clients/client.ts';
import type { Instant } from '../../domain/clock.ts';
import type { SigningKeyView } from '../../domain/keys/key-ring.ts';
import type { PolicyWarning } from '../../domain/policy/lint.ts';
import type { Scope } from '../../domain/scopes/scope.ts';
import type { Tenant } from '../../domain/tenants/tenant.ts';

/** The management API's JSON: camelCase, instants as RFC 3339 strings. */
export const isoInstant = (instant: Instant): string => new Date(instant).toISOString();
export const isoOrNull = (instant: Instant | null): string | null =>
  instant === null ? null : isoInstant(instant);

export const tenantView = (tenant: Tenant) => ({
  id: tenant.id,
  parentId: tenant.parentId,
  name: tenant.name,
  policy: tenant.policy,
  profile: tenant.profile,
  externalProviders: tenant.externalProviders,
  notBefore: isoOrNull(tenant.notBefore),
  createdAt: isoInstant(tenant.createdAt),
  updatedAt: isoInstant(tenant.updatedAt),
});

export const clientView = (client: Client) => ({
  id: client.id,
  clientId: client.id,
  tenantId: client.tenantId,
  name: client.name,
  grantTypes: client.grantTypes,
  scopes: client.scopes,
  redirectUris: client.redirectUris,
  postLogoutRedirectUris: client.postLogoutRedirectUris,
  firstParty: client.firstParty,
  tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
  policy: client.policy,
  notBefore: isoOrNull(client.notBefore),
  createdAt: isoInstant(client.createdAt),
  updatedAt: isoInstant(client.updatedAt),
});

export const scopeView = (scope: Scope) => ({
  id: scope.name,
  name: scope.name,
  description: scope.description,
  policy: scope.policy,
  createdAt: isoInstant(scope.createdAt),
  updatedAt: isoInstant(scope.updatedAt),
});

export const withWarnings = <T extends object>(view: T, warnings: PolicyWarning[]) => ({ ...view, warnings });

/** A page of items and the cursor of the next page (null on the last one). */
export function page<T, V>(items: T[], limit: number, idOf: (item: T) => string, view: (item: T) => V) {
  const last = items.at(-1);
  return { items: items.map(view), next: items.length === limit && last !== undefined ? idOf(last) : null };
}

/** A signing key's public information only: never the private key. */
export const signingKeyView = (key: SigningKeyView) => ({
  kid: key.kid,
  algorithm: key.algorithm,
  status: key.status,
  createdAt: isoInstant(key.createdAt),
  activatesAt: isoInstant(key.activatesAt),
  retiredAt: isoOrNull(key.retiredAt),
  publishedUntil: isoOrNull(key.publishedUntil),
  revokedAt: isoOrNull(key.revokedAt),
});

/** A user as the management API and the CLI show it; the lock is the brute-force lock while it lasts. */
export const userView = (user: User, lock: UserLock | undefined) => ({
  id: user.id,
  tenantId: user.tenantId,
  username: user.username,
  subjectClass: user.subjectClass,
  hasPassword: user.passwordHash !== null,
  validUntil: isoOrNull(user.validUntil),
  profile: user.profile,
  policy: user.policy,
  accessNotBefore: isoOrNull(user.accessNotBefore),
  refreshNotBefore: isoOrNull(user.refreshNotBefore),
  lockedForSecurityReasons: lock !== undefined,
  lockedUntil: lock ? isoInstant(lock.lockedUntil) : null,
  administers: user.administers,
  createdAt: isoInstant(user.createdAt),
  updatedAt: isoInstant(user.updatedAt),
});
