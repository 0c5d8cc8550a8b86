import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Administrator } from '../../domain/admin/admin-scope.ts';
import type { ManagementAccess } from '../../domain/admin/management-access.ts';
import type { TenantScopes } from '../../domain/admin/tenant-scopes.ts';
import type { ConfigurationCache } from '../../domain/configuration-cache.ts';
import { Forbidden, Unauthorized } from '../../domain/errors.ts';
import type { UserRepository } from '../../ports/user-repository.ts';
import { accessRule, type Target } from './access-rules.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who called the management API, for policy history and logs. */
    actor: string;
    /** Who called, and what they may manage. */
    administrator: Administrator;
  }
}

const bearerToken = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  if (header === undefined || header.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const token = header.slice(7).trim();
  return token === '' ? undefined : token;
};

export interface AdministrationDeps {
  access: ManagementAccess;
  scopes: TenantScopes;
  configuration: ConfigurationCache;
  users: UserRepository;
}

/** The same answer whether the thing exists elsewhere or not at all: nothing about other tenants leaks. */
const OUTSIDE = 'this is not within the tenants you administer';

/**
 * Requires an admin key or a console access token (RFC 6750 bearer) on every route of the plugin it is
 * installed in, then lets a tenant administrator through only to what lies in their tenants (delegated
 * administration: access-rules.ts). Refusals are 403 problems and happen before anything is read or changed.
 */
export function requireAdministrator(app: FastifyInstance, deps: AdministrationDeps): void {
  app.decorateRequest('actor', '');
  // every request of the plugin gets its administrator from the onRequest hook below, before any handler runs
  app.decorateRequest('administrator', null as unknown as Administrator);
  app.addHook('onRequest', async (request) => {
    const token = bearerToken(request);
    if (token === undefined) throw new Unauthorized('a bearer admin key or console access token is required');
    const administrator = await deps.access.authenticate(token);
    request.actor = administrator.actor;
    request.administrator = administrator;
  });
  // after the schemas checked the query and body, before the handler reads or writes anything
  app.addHook('preHandler', async (request) => {
    const { scope } = request.administrator;
    if (scope.kind === 'service') return;
    const rule = accessRule(request.method, request.routeOptions.url ?? '');
    if (rule.kind === 'open') return;
    if (rule.kind === 'service') throw new Forbidden('only a service administrator may do this');
    const named = rule.targets(request);
    if (rule.atLeastOne && named.length === 0) {
      throw new Forbidden('name one of the tenants you administer (tenantId, clientId or userId)');
    }
    if (rule.touchesOwnRoot?.(request) === scope.tenantId) {
      throw new Forbidden('your own tenant can be moved or deleted only by a service administrator');
    }
    for (const target of named) {
      const tenantId = await tenantOf(target, deps);
      if (tenantId === undefined || !(await deps.scopes.covers(scope, tenantId)))
        throw new Forbidden(OUTSIDE);
    }
  });
}

async function tenantOf(target: Target, deps: AdministrationDeps): Promise<string | undefined> {
  if ('tenant' in target) return target.tenant;
  if ('client' in target) return (await deps.configuration.client(target.client))?.tenantId;
  return (await deps.users.get(target.user))?.tenantId;
}

/** The tenants a list may show the caller: undefined for all of them (a service administrator). */
export const visibleTenantIds = (
  request: FastifyRequest,
  scopes: TenantScopes,
): Promise<readonly string[] | undefined> => scopes.tenantIds(request.administrator.scope);
