import type { ClientRepository } from '../../ports/client-repository.ts';
import type { PageQuery, TenantRepository } from '../../ports/tenant-repository.ts';
import type { UserRepository } from '../../ports/user-repository.ts';
import { guardTenantDeletion, guardTenantParent } from '../admin/built-in-guards.ts';
import type { Clock, Instant } from '../clock.ts';
import type { ConfigurationChanges } from '../configuration-changes.ts';
import { Conflict, NotFound, ValidationFailed } from '../errors.ts';
import { chosenOrNewId } from '../identifiers.ts';
import type { PolicyChange } from '../policy/change.ts';
import type { PolicyWarning } from '../policy/lint.ts';
import type { PolicyAdministration } from '../policy/policy-administration.ts';
import type { NotBeforeRegistry } from '../revocation/not-before.ts';
import type { ExternalProvider, Tenant } from './tenant.ts';

export interface TenantInput {
  id?: string | undefined;
  parentId?: string | null | undefined;
  name: string;
  policy?: unknown;
  profile?: Record<string, unknown> | undefined;
  externalProviders?: ExternalProvider[] | undefined;
}

export type TenantPatch = Partial<Omit<TenantInput, 'id'>>;

export interface TenantResult {
  tenant: Tenant;
  warnings: PolicyWarning[];
}

export interface TenantAdministrationDeps {
  clock: Clock;
  tenants: TenantRepository;
  clients: ClientRepository;
  users: UserRepository;
  policies: PolicyAdministration;
  notBefores: NotBeforeRegistry;
  changes: ConfigurationChanges;
}

export class TenantAdministration {
  constructor(private readonly deps: TenantAdministrationDeps) {}

  async create(input: TenantInput, actor: string): Promise<TenantResult> {
    if (input.name.trim() === '') {
      throw new ValidationFailed('the tenant is not valid', [
        { field: 'name', message: 'a tenant needs a name' },
      ]);
    }
    const id = chosenOrNewId(input.id);
    const parentId = input.parentId ?? null;
    guardTenantParent(id, parentId);
    if (parentId !== null) await this.get(parentId, 'parentId');
    const { document, warnings } = await this.deps.policies.check(
      { level: 'tenant', id, parentId },
      input.policy ?? {},
    );
    const now = this.deps.clock.now();
    const tenant: Tenant = {
      id,
      parentId,
      name: input.name,
      policy: document,
      profile: input.profile ?? {},
      externalProviders: checkedProviders(input.externalProviders ?? []),
      notBefore: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.tenants.insert(tenant, policyChange(tenant, {}, actor));
    await this.deps.changes.publish();
    return { tenant, warnings };
  }

  async get(id: string, field?: string): Promise<Tenant> {
    const tenant = await this.deps.tenants.get(id);
    if (tenant) return tenant;
    if (field)
      throw new ValidationFailed('unknown tenant', [{ field, message: `tenant ${id} does not exist` }]);
    throw new NotFound(`tenant ${id} does not exist`);
  }

  list(query: PageQuery & { parentId?: string; ids?: readonly string[] }): Promise<Tenant[]> {
    return this.deps.tenants.list(query);
  }

  async update(id: string, patch: TenantPatch, actor: string): Promise<TenantResult> {
    const current = await this.get(id);
    const parentId = patch.parentId === undefined ? current.parentId : patch.parentId;
    guardTenantParent(id, parentId);
    if (parentId !== current.parentId && parentId !== null) await this.checkNewParent(id, parentId);
    const { document, warnings } = await this.deps.policies.check(
      { level: 'tenant', id, parentId },
      patch.policy === undefined ? current.policy : patch.policy,
    );
    const tenant: Tenant = {
      ...current,
      parentId,
      name: patch.name ?? current.name,
      profile: patch.profile ?? current.profile,
      externalProviders: patch.externalProviders
        ? checkedProviders(patch.externalProviders)
        : current.externalProviders,
      policy: document,
      updatedAt: this.deps.clock.now(),
    };
    const change = patch.policy === undefined ? undefined : policyChange(tenant, current.policy, actor);
    await this.deps.tenants.update(tenant, change);
    if (change) await this.deps.policies.invalidateOnChange(change);
    await this.deps.changes.publish();
    return { tenant, warnings };
  }

  /** Refuses to delete a tenant that still has sub-tenants or clients: nothing is removed implicitly. */
  async delete(id: string): Promise<void> {
    guardTenantDeletion(id);
    await this.get(id);
    const [children, clients, administrators] = await Promise.all([
      this.deps.tenants.countChildren(id),
      this.deps.clients.countByTenant(id),
      this.deps.users.countAdministering(id),
    ]);
    if (children > 0 || clients > 0) {
      throw new Conflict(`tenant ${id} still has ${children} sub-tenant(s) and ${clients} client(s)`);
    }
    if (administrators > 0) {
      throw new Conflict(`tenant ${id} still has ${administrators} administrator(s) of its own`);
    }
    if (!(await this.deps.tenants.delete(id))) throw new NotFound(`tenant ${id} does not exist`);
    await this.deps.changes.publish();
  }

  /** Ends every token of the tenant and its sub-tenants issued until now. */
  async expireTokens(id: string): Promise<Instant> {
    await this.get(id);
    const now = this.deps.clock.now();
    await this.deps.notBefores.raise({ level: 'tenant', id }, now);
    await this.deps.changes.publish();
    return now;
  }

  private async checkNewParent(id: string, parentId: string): Promise<void> {
    await this.get(parentId, 'parentId');
    const chain = await this.deps.tenants.chain(parentId);
    if (chain.some((t) => t.id === id)) {
      throw new ValidationFailed('tenants cannot form a cycle', [
        { field: 'parentId', message: `tenant ${parentId} is ${id} itself or one of its sub-tenants` },
      ]);
    }
  }
}

function policyChange(tenant: Tenant, before: Tenant['policy'], actor: string): PolicyChange | undefined {
  if (JSON.stringify(before) === JSON.stringify(tenant.policy)) return undefined;
  return {
    owner: { level: 'tenant', id: tenant.id },
    before,
    after: tenant.policy,
    actor,
    at: tenant.updatedAt,
  };
}

/** External OpenID providers: an http(s) issuer and JWKS URI, and the audience their ID tokens carry. */
function checkedProviders(providers: ExternalProvider[]): ExternalProvider[] {
  const problems = providers.flatMap((provider, index) => {
    const found: { field: string; message: string }[] = [];
    for (const key of ['issuer', 'jwksUri'] as const) {
      if (!isHttpUrl(provider[key]))
        found.push({ field: `externalProviders.${index}.${key}`, message: 'expected an http(s) URL' });
    }
    if (provider.audience.trim() === '') {
      found.push({
        field: `externalProviders.${index}.audience`,
        message: 'expected the audience of the ID tokens',
      });
    }
    return found;
  });
  if (problems.length > 0) throw new ValidationFailed('the external providers are not valid', problems);
  return providers.map(({ issuer, jwksUri, audience }) => ({ issuer, jwksUri, audience }));
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
