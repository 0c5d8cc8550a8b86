import type { Client } from '../domain/clients/client.ts';
import type { PolicyChange } from '../domain/policy/change.ts';
import type { PageQuery, TenantFilter } from './tenant-repository.ts';

export interface ClientListQuery extends PageQuery, TenantFilter {
  tenantId?: string;
  /** Only clients whose id or name contains this text, ignoring the case of ASCII letters. */
  search?: string;
}

export interface ClientRepository {
  insert(client: Client, change?: PolicyChange): Promise<void>;
  get(id: string): Promise<Client | undefined>;
  list(query: ClientListQuery): Promise<Client[]>;
  /**
   * With a change, a compare-and-swap: written only while the stored policy is still `change.before`, else
   * PreconditionFailed and nothing is written (RFC 9110 §13.1.1).
   */
  update(client: Client, change?: PolicyChange): Promise<void>;
  delete(id: string): Promise<boolean>;
  countByTenant(tenantId: string): Promise<number>;
}
