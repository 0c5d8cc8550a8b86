import type { UserAdministration } from './domain/accounts/user-administration.ts';
import { AdminKeys } from './domain/admin/admin-keys.ts';
import { ConsoleBootstrap } from './domain/admin/console-bootstrap.ts';
import { ManagementAccess } from './domain/admin/management-access.ts';
import { Overviews } from './domain/admin/overview.ts';
import { ServiceAdministration } from './domain/admin/service-administration.ts';
import { TenantScopes } from './domain/admin/tenant-scopes.ts';
import type { AuditLog } from './domain/audit/audit-log.ts';
import { ClientAdministration } from './domain/clients/client-administration.ts';
import type { Clock } from './domain/clock.ts';
import type { ConfigurationCache } from './domain/configuration-cache.ts';
import type { ConfigurationChanges } from './domain/configuration-changes.ts';
import type { PolicyAdministration } from './domain/policy/policy-administration.ts';
import { PolicyPreviews } from './domain/policy/policy-preview.ts';
import type { NotBeforeRegistry } from './domain/revocation/not-before.ts';
import { ScopeAdministration } from './domain/scopes/scope-administration.ts';
import type { LoginSessions } from './domain/sessions/login-sessions.ts';
import { IssuanceCounts } from './domain/statistics/issuance-counts.ts';
import { TenantAdministration } from './domain/tenants/tenant-administration.ts';
import type { AccessTokenValidity } from './domain/tokens/access-token-validity.ts';
import type { Services } from './services.ts';
import type { Repositories } from './storage/sql/repositories.ts';

export interface AdministrationParts {
  clock: Clock;
  repositories: Repositories;
  changes: ConfigurationChanges;
  configuration: ConfigurationCache;
  notBefores: NotBeforeRegistry;
  policies: PolicyAdministration;
  users: UserAdministration;
  audit: AuditLog;
  validity: AccessTokenValidity;
  sessions: LoginSessions;
  bootstrapAdminKey: string | undefined;
}

type AdministrationServices = Pick<
  Services,
  | 'tenants'
  | 'clients'
  | 'scopes'
  | 'service'
  | 'adminKeys'
  | 'managementAccess'
  | 'tenantScopes'
  | 'consoleBootstrap'
  | 'policyPreviews'
  | 'issuance'
  | 'overviews'
>;

/**
 * The administration face's wiring: the management API's resources, who may call it (admin keys, console
 * administrators) and what each caller may manage, the console's built-ins, and the overview's statistics.
 */
export function administrationServices(parts: AdministrationParts): AdministrationServices {
  const { clock, repositories, changes, configuration, notBefores, policies, audit } = parts;
  const { tenants: tenantStore, clients: clientStore, scopes: scopeStore, users: userStore } = repositories;
  const administration = {
    clock,
    tenants: tenantStore,
    clients: clientStore,
    users: userStore,
    policies,
    notBefores,
    changes,
  };
  const tenants = new TenantAdministration(administration);
  const clients = new ClientAdministration(administration);
  const scopes = new ScopeAdministration(clock, scopeStore, policies, changes);
  const tenantScopes = new TenantScopes(configuration, tenantStore);
  const adminKeys = new AdminKeys(repositories.adminKeys, clock, parts.bootstrapAdminKey);
  const issuance = new IssuanceCounts(clock, repositories.statistics);
  return {
    tenants,
    clients,
    scopes,
    service: new ServiceAdministration(clock, notBefores, changes),
    adminKeys,
    managementAccess: new ManagementAccess(adminKeys, parts.validity, repositories.grants, parts.sessions),
    tenantScopes,
    consoleBootstrap: new ConsoleBootstrap({ clock, tenants: tenantStore, clients: clientStore, changes }),
    policyPreviews: new PolicyPreviews(clock, policies, repositories.policyImpact),
    issuance,
    overviews: new Overviews({
      clock,
      scopes: tenantScopes,
      impact: repositories.policyImpact,
      statistics: repositories.statistics,
      issuance,
      audit,
      users: parts.users,
      policies,
      tenants,
      clients,
      oauthScopes: scopes,
    }),
  };
}
