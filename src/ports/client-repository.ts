import type { Client } from '../domain/clients/client.ts';
import type { PolicyChange } from '../domain/policy/change.ts';
import type { PageQuery, TenantFilter } from './tenant-repository.ts';

export interface ClientRepository {
  insert(client: Client, change?: PolicyChange): Promise<void>;
  get(id: string): Promise<Client | undefined>;
  list(query: PageQuery & TenantFilter & { tenantId?: string }): Promise<Client[]>;
  /**
   * With a change, a compare-and-swap: written only while the stored policy is still `change.before`, else
   * PreconditionFailed and nothing is written (RFC 9110 §13.1.1).
   */
  update(client: Client, change?: PolicyChange): Promise<void>;
  delete(id: string): Promise<boolean>;
  countByTenant(tenantId: string): Promise<number>;
}
