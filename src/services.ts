import type { LifespanConfig } from './config/load.ts';
import type { AccountStanding } from './domain/accounts/account-standing.ts';
import type { FirstPartyAuth } from './domain/accounts/first-party-auth.ts';
import type { PasswordLogin } from './domain/accounts/password-login.ts';
import type { UserAdministration } from './domain/accounts/user-administration.ts';
import type { AdminKeys } from './domain/admin/admin-keys.ts';
import type { ConsoleBootstrap } from './domain/admin/console-bootstrap.ts';
import type { ManagementAccess } from './domain/admin/management-access.ts';
import type { Overviews } from './domain/admin/overview.ts';
import type { ServiceAdministration } from './domain/admin/service-administration.ts';
import type { TenantScopes } from './domain/admin/tenant-scopes.ts';
import type { AuditLog } from './domain/audit/audit-log.ts';
import type { ClientAdministration } from './domain/clients/client-administration.ts';
import type { ClientAuthentication } from './domain/clients/client-authentication.ts';
import type { Clock } from './domain/clock.ts';
import type { ConfigurationCache } from './domain/configuration-cache.ts';
import type { ConfigurationChanges } from './domain/configuration-changes.ts';
import type { Authorizations } from './domain/grants/authorizations.ts';
import type { DeviceFlow } from './domain/grants/device-flow.ts';
import type { GrantRegistry } from './domain/grants/grant-registry.ts';
import type { KeyRing } from './domain/keys/key-ring.ts';
import type { KeyRotation } from './domain/keys/key-rotation.ts';
import type { PolicyAdministration } from './domain/policy/policy-administration.ts';
import type { PolicyPreviews } from './domain/policy/policy-preview.ts';
import type { RateLimits } from './domain/rate-limits.ts';
import type { RevocationFeed } from './domain/revocation/revocation-feed.ts';
import type { ScopeAdministration } from './domain/scopes/scope-administration.ts';
import type { LoginSessions } from './domain/sessions/login-sessions.ts';
import type { RpLogout } from './domain/sessions/rp-logout.ts';
import type { IssuanceCounts } from './domain/statistics/issuance-counts.ts';
import type { TenantAdministration } from './domain/tenants/tenant-administration.ts';
import type { Introspection } from './domain/tokens/introspection.ts';
import type { Revocation } from './domain/tokens/revocation.ts';
import type { Userinfo } from './domain/tokens/userinfo.ts';
import type { Repositories } from './storage/sql/repositories.ts';

/** Everything the faces (HTTP, CLI) use, built once by the composition root. */
export interface Services {
  config: LifespanConfig;
  clock: Clock;
  repositories: Repositories;
  changes: ConfigurationChanges;
  configuration: ConfigurationCache;
  keys: KeyRing;
  clientAuthentication: ClientAuthentication;
  grants: GrantRegistry;
  introspection: Introspection;
  revocation: Revocation;
  /** What ends tokens before their exp, for resource servers (GET /oauth2/revocations). */
  revocationFeed: RevocationFeed;
  userinfo: Userinfo;
  policies: PolicyAdministration;
  tenants: TenantAdministration;
  clients: ClientAdministration;
  scopes: ScopeAdministration;
  users: UserAdministration;
  service: ServiceAdministration;
  adminKeys: AdminKeys;
  /** Admin keys and console administrators, and what each may manage. */
  managementAccess: ManagementAccess;
  tenantScopes: TenantScopes;
  /** The service tenant and the console's client, made sure of at every start of the server. */
  consoleBootstrap: ConsoleBootstrap;
  overviews: Overviews;
  accounts: AccountStanding;
  passwordLogin: PasswordLogin;
  sessions: LoginSessions;
  authorizations: Authorizations;
  deviceFlow: DeviceFlow;
  logout: RpLogout;
  firstParty: FirstPartyAuth;
  audit: AuditLog;
  keyRotation: KeyRotation;
  rateLimits: RateLimits;
  policyPreviews: PolicyPreviews;
  /** Tokens issued per hour, tenant and grant (the console's overview). */
  issuance: IssuanceCounts;
  /** True when the store answers. */
  ready(): Promise<boolean>;
  /** Publishes changes made by other processes, when the configuration version moved. */
  pollForChanges(): Promise<void>;
  /** Removes expired tokens from the store; returns how many. */
  sweepExpiredTokens(): Promise<number>;
  close(): Promise<void>;
}
