import type { TenantRepository } from '../../ports/tenant-repository.ts';
import type { ConfigurationCache } from '../configuration-cache.ts';
import type { AdminScope } from './admin-scope.ts';

/** Which tenants an administrator's scope reaches: their tenant and every tenant below it. */
export class TenantScopes {
  constructor(
    private readonly configuration: ConfigurationCache,
    private readonly tenants: TenantRepository,
  ) {}

  /** True when the tenant exists and lies in the scope (a service scope covers every tenant). */
  async covers(scope: AdminScope, tenantId: string): Promise<boolean> {
    if (scope.kind === 'service') return true;
    const chain = await this.configuration.tenantChain(tenantId);
    return chain.some((tenant) => tenant.id === scope.tenantId);
  }

  /** The ids of every tenant in the scope, or undefined for "all of them". */
  async tenantIds(scope: AdminScope): Promise<readonly string[] | undefined> {
    return scope.kind === 'service' ? undefined : this.tenants.subtree(scope.tenantId);
  }
}
