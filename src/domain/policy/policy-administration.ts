import type { ClientRepository } from '../../ports/client-repository.ts';
import type { ScopeRepository } from '../../ports/scope-repository.ts';
import type { ServiceStateRepository } from '../../ports/service-state-repository.ts';
import type { TenantRepository } from '../../ports/tenant-repository.ts';
import type { UserRepository } from '../../ports/user-repository.ts';
import type { Clock } from '../clock.ts';
import type { ConfigurationCache } from '../configuration-cache.ts';
import type { ConfigurationChanges } from '../configuration-changes.ts';
import { NotFound, PreconditionFailed, ValidationFailed } from '../errors.ts';
import type { NotBeforeRegistry } from '../revocation/not-before.ts';
import type { PolicyChange, PolicyOwner, PolicyVersion } from './change.ts';
import { changesTokenLifetime, type PolicyDocument, parsePolicyDocument } from './document.ts';
import { type DocumentPrecondition, satisfies } from './document-tag.ts';
import { type InheritedPolicy, inheritedPolicy } from './inherited.ts';
import type { PolicyWarning } from './lint.ts';
import { checkDraft, type PolicyDraft, resolveDraft } from './policy-check.ts';
import type { PolicyContext, PolicyResolver } from './policy-resolver.ts';
import { isPresetName, PRESET_NAMES, PRESETS } from './presets.ts';
import type { Explanation, SettingStacks } from './resolve.ts';
import type { SubjectClass } from './settings.ts';
import { stalePolicy } from './stale-policy.ts';

export interface PolicyView {
  policy: PolicyDocument;
  /** The policy version now in force (a counter over all levels). */
  version: number;
  warnings: PolicyWarning[];
}

export interface CheckedPolicy {
  document: PolicyDocument;
  warnings: PolicyWarning[];
}

export interface PolicyAdministrationDeps {
  clock: Clock;
  configured: PolicyDocument;
  configuration: ConfigurationCache;
  tenants: TenantRepository;
  clients: ClientRepository;
  scopes: ScopeRepository;
  users: UserRepository;
  serviceState: ServiceStateRepository;
  notBefores: NotBeforeRegistry;
  changes: ConfigurationChanges;
  resolver: PolicyResolver;
}

/** Where a document will live: an existing owner, or one about to be created under a known parent. */
export type DraftPlace =
  | { level: 'service' }
  | { level: 'tenant'; id: string; parentId: string | null }
  | { level: 'client'; id: string; tenantId: string }
  | { level: 'scope'; id: string }
  | UserPlace;
/** A user's place: the tenant whose chain is above the user, and the one subject class the user's tokens have. */
export type UserPlace = { level: 'user'; id: string; tenantId: string; subjectClass: SubjectClass };

/** Reads, checks, saves and explains the policy documents of every level. */
export class PolicyAdministration {
  constructor(private readonly deps: PolicyAdministrationDeps) {}

  /** Parses and checks a document for a place; throws ValidationFailed naming every problem. */
  async check(place: DraftPlace, input: unknown, field = 'policy'): Promise<CheckedPolicy> {
    const document = parsePolicyDocument(input, place.level, field);
    const warnings = checkDraft(await this.draft(place, document), field);
    return { document, warnings };
  }

  async view(owner: PolicyOwner): Promise<PolicyView> {
    const place = await this.placeOf(owner);
    const policy = await this.storedDocument(owner);
    const warnings = checkDraft(await this.draft(place, policy));
    return { policy, version: await this.version(), warnings };
  }

  /** Replaces the level's document; with a precondition, only while the stored document satisfies it. */
  async save(
    owner: PolicyOwner,
    input: unknown,
    actor: string,
    precondition?: DocumentPrecondition,
  ): Promise<PolicyView> {
    const before = await this.current(owner, precondition);
    return this.saveOver(owner, before, input, actor);
  }

  /** Replaces the settings a preset names and keeps the rest of the level's document. */
  async applyPreset(
    owner: PolicyOwner,
    preset: string,
    actor: string,
    precondition?: DocumentPrecondition,
  ): Promise<PolicyView> {
    if (!isPresetName(preset)) {
      throw new ValidationFailed('unknown preset', [
        { field: 'preset', message: `expected one of ${PRESET_NAMES.join(', ')}` },
      ]);
    }
    const before = await this.current(owner, precondition);
    // stored over the very document the preset was merged into: a concurrent change is refused, not overwritten
    return this.saveOver(owner, before, { ...before, ...PRESETS[preset] }, actor);
  }

  /** Explains every effective setting for a context; a client alone implies its tenant. */
  async explain(
    context: PolicyContext,
  ): Promise<{ version: number; settings: Explanation; stacks: SettingStacks }> {
    let tenantId = context.tenantId;
    if (tenantId === undefined && context.clientId !== undefined) {
      const client = await this.deps.configuration.client(context.clientId);
      if (!client) throw new NotFound(`client ${context.clientId} does not exist`);
      tenantId = client.tenantId;
    }
    const decision = await this.deps.resolver.resolve({ ...context, tenantId });
    return { version: decision.version, settings: decision.explanation, stacks: decision.stacks };
  }

  /**
   * What a level inherits: every setting per subject class as if the level's own document were empty. The
   * service inherits the defaults and its configuration; a tenant the service and its parents; a client the
   * service and its tenant chain; a user that and the subject-class blocks (no client); a scope the service.
   */
  async inherited(owner: PolicyOwner): Promise<InheritedPolicy> {
    if (owner.level === 'scope') await this.storedDocument(owner); // an unknown scope is 404
    return inheritedPolicy(resolveDraft(await this.draft(await this.placeOf(owner), {})));
  }

  history(owner: PolicyOwner, limit: number): Promise<PolicyVersion[]> {
    return this.deps.serviceState.policyHistory(owner, limit);
  }

  /** Restores the document a level had at a version of its history, as a new version. */
  async rollback(
    owner: PolicyOwner,
    version: number,
    actor: string,
    precondition?: DocumentPrecondition,
  ): Promise<PolicyView> {
    // RFC 9110 §13.2.2: preconditions are evaluated before the request content (here, the version)
    const before = await this.current(owner, precondition);
    const found = (await this.deps.serviceState.policyHistory(owner, Number.MAX_SAFE_INTEGER)).find(
      (entry) => entry.version === version,
    );
    if (!found) throw new NotFound(`version ${version} is not in the history of this ${owner.level}`);
    return this.saveOver(owner, before, found.after, actor);
  }

  /** The stored document of a level and, parsed and checked, a proposed one, each resolved per subject class. */
  async compare(owner: PolicyOwner, input: unknown, precondition?: DocumentPrecondition) {
    const before = await this.current(owner, precondition);
    const place = await this.placeOf(owner);
    const { document, warnings } = await this.check(place, input);
    return {
      before,
      after: document,
      warnings,
      resolvedBefore: resolveDraft(await this.draft(place, before)),
      resolvedAfter: resolveDraft(await this.draft(place, document)),
    };
  }

  /**
   * Stores a checked document, records the change, and applies `invalidateOnChange`. `before` is the document the
   * change was based on (read here when not given); the repositories write only while the level still holds it
   * (a compare-and-swap in the transaction that records the change), so no concurrent write is lost silently.
   * Without an If-Match the race window is this method's own read-to-write: rare, and answered 412 when hit.
   */
  async store(
    owner: PolicyOwner,
    after: PolicyDocument,
    actor: string,
    before?: PolicyDocument,
  ): Promise<void> {
    const now = this.deps.clock.now();
    const change: PolicyChange = {
      owner,
      before: before ?? (await this.storedDocument(owner)),
      after,
      actor,
      at: now,
    };
    try {
      await this.write(change);
    } catch (error) {
      if (!(error instanceof PreconditionFailed) || error.current !== undefined) throw error;
      throw await stalePolicy(owner, await this.storedDocument(owner), this.deps.serviceState);
    }
    await this.invalidateOnChange(change);
    await this.deps.changes.publish();
  }

  private async write(change: PolicyChange): Promise<void> {
    const { owner, after, at: now } = change;
    const { tenants, clients, scopes, users, serviceState } = this.deps;
    switch (owner.level) {
      case 'service':
        await serviceState.saveServicePolicy(change);
        break;
      case 'tenant': {
        const tenant = await this.existing(tenants.get(owner.id), owner);
        await tenants.update({ ...tenant, policy: after, updatedAt: now }, change);
        break;
      }
      case 'client': {
        const client = await this.existing(clients.get(owner.id), owner);
        await clients.update({ ...client, policy: after, updatedAt: now }, change);
        break;
      }
      case 'scope': {
        const scope = await this.existing(scopes.get(owner.id), owner);
        await scopes.update({ ...scope, policy: after, updatedAt: now }, change);
        break;
      }
      case 'user': {
        const user = await this.existing(users.get(owner.id), owner);
        await users.update({ ...user, policy: after, updatedAt: now }, change);
        break;
      }
    }
  }

  private async saveOver(
    owner: PolicyOwner,
    before: PolicyDocument,
    input: unknown,
    actor: string,
  ): Promise<PolicyView> {
    const place = await this.placeOf(owner);
    const { document, warnings } = await this.check(place, input);
    await this.store(owner, document, actor, before);
    return { policy: document, version: await this.version(), warnings };
  }

  /** The level's stored document, once it satisfies the precondition (RFC 9110 §13.1.1) when there is one. */
  private async current(owner: PolicyOwner, precondition?: DocumentPrecondition): Promise<PolicyDocument> {
    const stored = await this.storedDocument(owner);
    if (precondition && !satisfies(precondition, stored)) {
      throw await stalePolicy(owner, stored, this.deps.serviceState);
    }
    return stored;
  }

  /**
   * Seed 004: on a level whose (new) document says `invalidateOnChange`, a changed token lifetime ends every
   * current token under the level. Scopes have no not-before; their changes apply to new tokens only.
   */
  async invalidateOnChange({ owner, before, after, at }: PolicyChange): Promise<void> {
    if (owner.level === 'scope' || after.invalidateOnChange !== true || !changesTokenLifetime(before, after))
      return;
    if (owner.level === 'user')
      await this.deps.users.raiseNotBefore(owner.id, { access: true, refresh: true }, at);
    else await this.deps.notBefores.raise(owner, at);
  }

  private async version(): Promise<number> {
    return (await this.deps.serviceState.get()).policyVersion;
  }

  private async storedDocument(owner: PolicyOwner): Promise<PolicyDocument> {
    const { tenants, clients, scopes, users, serviceState } = this.deps;
    switch (owner.level) {
      case 'service':
        return (await serviceState.get()).policy;
      case 'tenant':
        return (await this.existing(tenants.get(owner.id), owner)).policy;
      case 'client':
        return (await this.existing(clients.get(owner.id), owner)).policy;
      case 'scope':
        return (await this.existing(scopes.get(owner.id), owner)).policy;
      case 'user':
        return (await this.existing(users.get(owner.id), owner)).policy;
    }
  }

  private async placeOf(owner: PolicyOwner): Promise<DraftPlace> {
    switch (owner.level) {
      case 'tenant': {
        const tenant = await this.existing(this.deps.tenants.get(owner.id), owner);
        return { level: 'tenant', id: tenant.id, parentId: tenant.parentId };
      }
      case 'client': {
        const client = await this.existing(this.deps.clients.get(owner.id), owner);
        return { level: 'client', id: client.id, tenantId: client.tenantId };
      }
      case 'user': {
        const user = await this.existing(this.deps.users.get(owner.id), owner);
        return { level: 'user', id: user.id, tenantId: user.tenantId, subjectClass: user.subjectClass };
      }
      default:
        return owner;
    }
  }

  private async draft(place: DraftPlace, document: PolicyDocument): Promise<PolicyDraft> {
    const { configuration, configured } = this.deps;
    const stored = (await configuration.serviceState()).policy;
    const chainOf = async (tenantId: string | null) => {
      if (tenantId === null) return [];
      const chain = await configuration.tenantChain(tenantId);
      if (chain.length === 0) throw new NotFound(`tenant ${tenantId} does not exist`);
      return chain;
    };
    const tenants =
      place.level === 'tenant'
        ? await chainOf(place.parentId)
        : place.level === 'client' || place.level === 'user'
          ? await chainOf(place.tenantId)
          : [];
    return {
      level: place.level,
      ...(place.level !== 'service' && { id: place.id }),
      document,
      above: { configured, stored, tenants },
      ...(place.level === 'user' && { subjectClasses: [place.subjectClass] }),
    };
  }

  private async existing<T>(found: Promise<T | undefined>, owner: PolicyOwner): Promise<T> {
    const value = await found;
    if (value === undefined) {
      throw new NotFound(`${owner.level} ${owner.level === 'service' ? '' : owner.id} does not exist`.trim());
    }
    return value;
  }
}
