import type { PolicyChange } from '../domain/policy/change.ts';
import type { Tenant } from '../domain/tenants/tenant.ts';

export interface PageQuery {
  limit: number;
  /** Return items whose id sorts after this one (keyset paging). */
  after?: string;
}

/** Tenants. Writes that change a policy record the change (version + history) in the same transaction. */
export interface TenantRepository {
  insert(tenant: Tenant, change?: PolicyChange): Promise<void>;
  get(id: string): Promise<Tenant | undefined>;
  /** The tenant and its ancestors, root first; empty when the tenant does not exist. */
  chain(id: string): Promise<Tenant[]>;
  list(query: PageQuery & { parentId?: string }): Promise<Tenant[]>;
  update(tenant: Tenant, change?: PolicyChange): Promise<void>;
  /** False when the tenant did not exist. Throws InUse while sub-tenants or clients remain. */
  delete(id: string): Promise<boolean>;
  countChildren(id: string): Promise<number>;
}
