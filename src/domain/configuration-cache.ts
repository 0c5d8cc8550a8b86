import type { ClientRepository } from '../ports/client-repository.ts';
import type { ScopeRepository } from '../ports/scope-repository.ts';
import type { ServiceState, ServiceStateRepository } from '../ports/service-state-repository.ts';
import type { TenantRepository } from '../ports/tenant-repository.ts';
import type { Client } from './clients/client.ts';
import type { ConfigurationChanges } from './configuration-changes.ts';
import { LoadingCache } from './loading-cache.ts';
import type { PolicyDocument } from './policy/document.ts';
import type { Tenant } from './tenants/tenant.ts';

export interface ConfigurationRepositories {
  tenants: TenantRepository;
  clients: ClientRepository;
  scopes: ScopeRepository;
  serviceState: ServiceStateRepository;
}

const SINGLETON = 'singleton';

/**
 * Cached reads of the configuration the hot paths need (clients, tenant chains, scope policies, the service
 * state), so that issuing or introspecting a token costs no configuration query. Emptied on every change.
 */
export class ConfigurationCache {
  private readonly tenantChains = new LoadingCache<string, readonly Tenant[]>();
  private readonly clients = new LoadingCache<string, Client | undefined>();
  private readonly scopePolicies = new LoadingCache<string, ReadonlyMap<string, PolicyDocument>>(1);
  private readonly service = new LoadingCache<string, ServiceState>(1);

  constructor(
    private readonly repositories: ConfigurationRepositories,
    changes: ConfigurationChanges,
  ) {
    changes.subscribe(() => this.clear());
  }

  /** The tenant and its ancestors, root first; empty when the tenant does not exist. */
  tenantChain(tenantId: string): Promise<readonly Tenant[]> {
    return this.tenantChains.get(tenantId, (id) => this.repositories.tenants.chain(id));
  }

  client(clientId: string): Promise<Client | undefined> {
    return this.clients.get(clientId, (id) => this.repositories.clients.get(id));
  }

  /** Policies of the scopes that carry one, by scope name. */
  scopesWithPolicy(): Promise<ReadonlyMap<string, PolicyDocument>> {
    return this.scopePolicies.get(SINGLETON, async () => {
      const scopes = await this.repositories.scopes.list();
      return new Map(scopes.filter((s) => Object.keys(s.policy).length > 0).map((s) => [s.name, s.policy]));
    });
  }

  serviceState(): Promise<ServiceState> {
    return this.service.get(SINGLETON, () => this.repositories.serviceState.get());
  }

  clear(): void {
    this.tenantChains.clear();
    this.clients.clear();
    this.scopePolicies.clear();
    this.service.clear();
  }
}
