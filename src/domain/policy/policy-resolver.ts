import type { ConfigurationCache } from '../configuration-cache.ts';
import type { ConfigurationChanges } from '../configuration-changes.ts';
import { NotFound, ValidationFailed } from '../errors.ts';
import { LoadingCache } from '../loading-cache.ts';
import type { PolicyDocument } from './document.ts';
import { buildPolicyPath, type PolicyHolder } from './path.ts';
import { type ResolvedPolicy, resolvePolicy } from './resolve.ts';
import type { SubjectClass } from './settings.ts';

/** Whom a token is for: the levels a policy is resolved along. */
export interface PolicyContext {
  /** Absent only when explaining the service level itself. */
  tenantId?: string | undefined;
  clientId?: string | undefined;
  subjectClass: SubjectClass;
  scopes: readonly string[];
  /** A user with their own overrides (the user level); users without any share the cached decision. */
  user?: PolicyHolder | undefined;
}

/** A resolved policy with what the hot paths need beside it. */
export interface PolicyDecision extends ResolvedPolicy {
  /** The policy version the decision was made under; tokens record it. */
  version: number;
  /** The tenant chain, root first (its not-before instants bind the token). */
  tenantIds: readonly string[];
}

/**
 * Resolves policies with a cache keyed by (tenant, client, subject class, scopes that carry a policy), emptied
 * on every configuration change: on the hot path a resolution is one map lookup, no database round trip.
 */
export class PolicyResolver {
  private readonly decisions = new LoadingCache<string, PolicyDecision>();

  constructor(
    private readonly configuration: ConfigurationCache,
    private readonly configured: PolicyDocument,
    changes: ConfigurationChanges,
  ) {
    changes.subscribe(() => this.decisions.clear());
  }

  async resolve(context: PolicyContext): Promise<PolicyDecision> {
    const scopePolicies = await this.configuration.scopesWithPolicy();
    const scopes = context.scopes.filter((scope) => scopePolicies.has(scope)).sort();
    const user = context.user && Object.keys(context.user.policy).length > 0 ? context.user : undefined;
    const key = `${context.tenantId ?? ''}\n${context.clientId ?? ''}\n${context.subjectClass}\n${scopes.join(' ')}\n${user?.id ?? ''}`;
    return this.decisions.get(key, async () => {
      const holders = scopes.map((id) => ({ id, policy: scopePolicies.get(id) ?? {} }));
      return this.decide({ ...context, user }, holders);
    });
  }

  private async decide(context: PolicyContext, scopes: PolicyHolder[]): Promise<PolicyDecision> {
    const [state, tenants, client] = await Promise.all([
      this.configuration.serviceState(),
      context.tenantId === undefined ? [] : this.configuration.tenantChain(context.tenantId),
      context.clientId === undefined ? undefined : this.configuration.client(context.clientId),
    ]);
    if (context.tenantId !== undefined && tenants.length === 0) {
      throw new NotFound(`tenant ${context.tenantId} does not exist`);
    }
    if (context.clientId !== undefined) {
      if (!client) throw new NotFound(`client ${context.clientId} does not exist`);
      if (client.tenantId !== context.tenantId) {
        throw new ValidationFailed('the client belongs to another tenant', [
          { field: 'clientId', message: `client ${client.id} belongs to tenant ${client.tenantId}` },
        ]);
      }
    }
    const resolved = resolvePolicy(
      buildPolicyPath({
        configured: this.configured,
        stored: state.policy,
        tenants,
        client,
        subjectClass: context.subjectClass,
        scopes,
        user: context.user,
      }),
    );
    return { ...resolved, version: state.policyVersion, tenantIds: tenants.map((t) => t.id) };
  }
}
