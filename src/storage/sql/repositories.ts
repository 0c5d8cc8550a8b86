import type { AccessTokenRepository } from '../../ports/access-token-repository.ts';
import type { AdminKeyRepository } from '../../ports/admin-key-repository.ts';
import type { AuditRepository } from '../../ports/audit-repository.ts';
import type { AuthorizationCodeRepository } from '../../ports/authorization-code-repository.ts';
import type { ClientRepository } from '../../ports/client-repository.ts';
import type { DeviceCodeRepository } from '../../ports/device-code-repository.ts';
import type { GrantRepository } from '../../ports/grant-repository.ts';
import type { InteractionRepository } from '../../ports/interaction-repository.ts';
import type { LockoutRepository } from '../../ports/lockout-repository.ts';
import type { PolicyCatalogRepository } from '../../ports/policy-catalog-repository.ts';
import type { PolicyImpactRepository } from '../../ports/policy-impact-repository.ts';
import type { RevocationFeedRepository } from '../../ports/revocation-feed-repository.ts';
import type { ScopeRepository } from '../../ports/scope-repository.ts';
import type { ServiceStateRepository } from '../../ports/service-state-repository.ts';
import type { SessionRepository } from '../../ports/session-repository.ts';
import type { SigningKeyRepository } from '../../ports/signing-key-repository.ts';
import type { StatisticsRepository } from '../../ports/statistics-repository.ts';
import type { TenantRepository } from '../../ports/tenant-repository.ts';
import type { UserRepository } from '../../ports/user-repository.ts';
import { SqlAccessTokenRepository } from './access-token-repository.ts';
import { SqlAdminKeyRepository } from './admin-key-repository.ts';
import { SqlAuditRepository } from './audit-repository.ts';
import { SqlAuthorizationCodeRepository } from './authorization-code-repository.ts';
import { SqlClientRepository } from './client-repository.ts';
import type { SqlDatabase } from './database.ts';
import { SqlDeviceCodeRepository } from './device-code-repository.ts';
import { SqlGrantRepository } from './grant-repository.ts';
import { SqlInteractionRepository } from './interaction-repository.ts';
import { SqlLockoutRepository } from './lockout-repository.ts';
import { SqlPolicyCatalogRepository } from './policy-catalog-repository.ts';
import { SqlPolicyImpactRepository } from './policy-impact-repository.ts';
import { SqlRevocationFeedRepository } from './revocation-feed-repository.ts';
import { SqlScopeRepository } from './scope-repository.ts';
import { SqlServiceStateRepository } from './service-state-repository.ts';
import { SqlSessionRepository } from './session-repository.ts';
import { SqlSigningKeyRepository } from './signing-key-repository.ts';
import { SqlStatisticsRepository } from './statistics-repository.ts';
import { SqlTenantRepository } from './tenant-repository.ts';
import { SqlUserRepository } from './user-repository.ts';

/** Every port the domain needs, backed by one SQL database. */
export interface Repositories {
  tenants: TenantRepository;
  clients: ClientRepository;
  scopes: ScopeRepository;
  serviceState: ServiceStateRepository;
  accessTokens: AccessTokenRepository;
  signingKeys: SigningKeyRepository;
  adminKeys: AdminKeyRepository;
  users: UserRepository;
  sessions: SessionRepository;
  grants: GrantRepository;
  authorizationCodes: AuthorizationCodeRepository;
  deviceCodes: DeviceCodeRepository;
  interactions: InteractionRepository;
  lockouts: LockoutRepository;
  audit: AuditRepository;
  policyCatalog: PolicyCatalogRepository;
  policyImpact: PolicyImpactRepository;
  statistics: StatisticsRepository;
  revocationFeed: RevocationFeedRepository;
}

export function sqlRepositories({ db, dialect }: SqlDatabase): Repositories {
  return {
    tenants: new SqlTenantRepository(db),
    clients: new SqlClientRepository(db),
    scopes: new SqlScopeRepository(db),
    serviceState: new SqlServiceStateRepository(db),
    accessTokens: new SqlAccessTokenRepository(db),
    signingKeys: new SqlSigningKeyRepository(db),
    adminKeys: new SqlAdminKeyRepository(db),
    users: new SqlUserRepository(db),
    sessions: new SqlSessionRepository(db),
    grants: new SqlGrantRepository(db),
    authorizationCodes: new SqlAuthorizationCodeRepository(db),
    deviceCodes: new SqlDeviceCodeRepository(db),
    interactions: new SqlInteractionRepository(db),
    lockouts: new SqlLockoutRepository(db, dialect),
    audit: new SqlAuditRepository(db),
    policyCatalog: new SqlPolicyCatalogRepository(db),
    policyImpact: new SqlPolicyImpactRepository(db),
    statistics: new SqlStatisticsRepository(db),
    revocationFeed: new SqlRevocationFeedRepository(db),
  };
}
