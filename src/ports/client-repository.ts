import type { Client } from '../domain/clients/client.ts';
import type { PolicyChange } from '../domain/policy/change.ts';
import type { PageQuery } from './tenant-repository.ts';

export interface ClientRepository {
  insert(client: Client, change?: PolicyChange): Promise<void>;
  get(id: string): Promise<Client | undefined>;
  list(query: PageQuery & { tenantId?: string }): Promise<Client[]>;
  update(client: Client, change?: PolicyChange): Promise<void>;
  delete(id: string): Promise<boolean>;
  countByTenant(tenantId: string): Promise<number>;
}
