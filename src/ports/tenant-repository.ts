import type { PolicyChange } from '../domain/policy/change.ts';
import type { Tenant } from '../domain/tenants/tenant.ts';

export interface PageQuery {
  limit: number;
  /** Return items whose id sorts after this one (keyset paging). */
  after?: string;
}

/** A list limited to some tenants (an administrator's subtree); absent: every tenant. */
export interface TenantFilter {
  tenantIds?: readonly string[];
}

/** Tenants. Writes that change a policy record the change (version + history) in the same transaction. */
export interface TenantRepository {
  insert(tenant: Tenant, change?: PolicyChange): Promise<void>;
  get(id: string): Promise<Tenant | undefined>;
  /** The tenant and its ancestors, root first; empty when the tenant does not exist. */
  chain(id: string): Promise<Tenant[]>;
  list(query: PageQuery & { parentId?: string; ids?: readonly string[] }): Promise<Tenant[]>;
  /** The tenant's id and the ids of every tenant below it; empty when it does not exist. */
  subtree(id: string): Promise<string[]>;
  /**
   * With a change, a compare-and-swap: written only while the stored policy is still `change.before`, else
   * PreconditionFailed and nothing is written (RFC 9110 §13.1.1).
   */
  update(tenant: Tenant, change?: PolicyChange): Promise<void>;
  /** False when the tenant did not exist. Throws InUse while sub-tenants or clients remain. */
  delete(id: string): Promise<boolean>;
  countChildren(id: string): Promise<number>;
}
