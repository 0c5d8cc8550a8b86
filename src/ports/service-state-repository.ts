import type { Instant } from '../domain/clock.ts';
import type { PolicyChange, PolicyOwner, PolicyVersion } from '../domain/policy/change.ts';
import type { PolicyDocument } from '../domain/policy/document.ts';

export interface ServiceState {
  policy: PolicyDocument;
  /** Bumped by every policy change anywhere; each token records the version it was minted under. */
  policyVersion: number;
  /** Bumped by every change of configuration (policies, tenants, clients, scopes, keys, not-before). */
  configVersion: number;
  notBefore: Instant | null;
}

export type NotBeforeOwner =
  | { level: 'service' }
  | { level: 'tenant'; id: string }
  | { level: 'client'; id: string };

export interface NotBeforeSnapshot {
  service: Instant | null;
  tenants: Map<string, Instant>;
  clients: Map<string, Instant>;
}

/** The service's own row: its stored policy, the version counters and the not-before instants of every level. */
export interface ServiceStateRepository {
  get(): Promise<ServiceState>;
  /** A compare-and-swap: written only while the stored policy is still `change.before`, else PreconditionFailed. */
  saveServicePolicy(change: PolicyChange): Promise<void>;
  configVersion(): Promise<number>;
  /** Moves the not-before of a level forward (never back); false when the owner does not exist. */
  raiseNotBefore(owner: NotBeforeOwner, at: Instant): Promise<boolean>;
  notBefores(): Promise<NotBeforeSnapshot>;
  policyHistory(owner: PolicyOwner, limit: number): Promise<PolicyVersion[]>;
}
