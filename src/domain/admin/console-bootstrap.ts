import type { ClientRepository } from '../../ports/client-repository.ts';
import type { TenantRepository } from '../../ports/tenant-repository.ts';
import type { Client } from '../clients/client.ts';
import type { Clock } from '../clock.ts';
import type { ConfigurationChanges } from '../configuration-changes.ts';
import { Conflict } from '../errors.ts';
import { parsePolicyDocument } from '../policy/document.ts';
import type { Tenant } from '../tenants/tenant.ts';
import {
  CONSOLE_CALLBACK_PATH,
  CONSOLE_CLIENT_ID,
  CONSOLE_CLIENT_POLICY,
  CONSOLE_PATH,
  SERVICE_TENANT_ID,
  SERVICE_TENANT_POLICY,
} from './built-ins.ts';

export interface ConsoleBootstrapDeps {
  clock: Clock;
  tenants: TenantRepository;
  clients: ClientRepository;
  changes: ConfigurationChanges;
}

/** The console's client is public: it signs in with the authorization code flow and PKCE (OAuth 2.1 §2.1). */
const CONSOLE_GRANT_TYPES: Client['grantTypes'] = ['authorization_code', 'refresh_token'];

const union = (kept: readonly string[], needed: readonly string[]): string[] => [
  ...new Set([...kept, ...needed]),
];

/**
 * Makes sure the service tenant and the console's client exist, with the redirect URIs of every origin the
 * console is served at (URIs an operator added are kept). Runs at every start; several processes starting at
 * once are fine: whoever inserts second finds the row there.
 */
export class ConsoleBootstrap {
  constructor(private readonly deps: ConsoleBootstrapDeps) {}

  async ensure(origins: readonly string[]): Promise<void> {
    const createdTenant = await this.ensureTenant();
    const changedClient = await this.ensureClient(origins);
    if (createdTenant || changedClient) await this.deps.changes.publish();
  }

  private async ensureTenant(): Promise<boolean> {
    if (await this.deps.tenants.get(SERVICE_TENANT_ID)) return false;
    const now = this.deps.clock.now();
    const tenant: Tenant = {
      id: SERVICE_TENANT_ID,
      parentId: null,
      name: 'Lifespan administration',
      policy: parsePolicyDocument(SERVICE_TENANT_POLICY, 'tenant'),
      profile: {},
      externalProviders: [],
      notBefore: null,
      createdAt: now,
      updatedAt: now,
    };
    return this.inserted(this.deps.tenants.insert(tenant));
  }

  private async ensureClient(origins: readonly string[]): Promise<boolean> {
    const redirectUris = origins.map((origin) => `${origin}${CONSOLE_CALLBACK_PATH}`);
    const postLogoutRedirectUris = origins.map((origin) => `${origin}${CONSOLE_PATH}`);
    const current = await this.deps.clients.get(CONSOLE_CLIENT_ID);
    const now = this.deps.clock.now();
    if (!current) {
      return this.inserted(
        this.deps.clients.insert({
          id: CONSOLE_CLIENT_ID,
          tenantId: SERVICE_TENANT_ID,
          name: 'Lifespan console',
          secretHash: null,
          tokenEndpointAuthMethod: 'none',
          grantTypes: CONSOLE_GRANT_TYPES,
          scopes: ['openid'],
          redirectUris,
          postLogoutRedirectUris,
          firstParty: false,
          policy: parsePolicyDocument(CONSOLE_CLIENT_POLICY, 'client'),
          notBefore: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
    }
    const wanted: Client = {
      ...current,
      redirectUris: union(current.redirectUris, redirectUris),
      postLogoutRedirectUris: union(current.postLogoutRedirectUris, postLogoutRedirectUris),
    };
    if (
      wanted.redirectUris.length === current.redirectUris.length &&
      wanted.postLogoutRedirectUris.length === current.postLogoutRedirectUris.length
    ) {
      return false;
    }
    await this.deps.clients.update({ ...wanted, updatedAt: now });
    return true;
  }

  /** True when this process inserted the row; false when another process did it first. */
  private async inserted(insert: Promise<void>): Promise<boolean> {
    try {
      await insert;
      return true;
    } catch (error) {
      if (error instanceof Conflict) return false;
      throw error;
    }
  }
}
