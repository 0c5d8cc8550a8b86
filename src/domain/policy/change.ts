import type { Instant } from '../clock.ts';
import type { PolicyDocument } from './document.ts';

/** The level that owns a stored policy document. */
export type PolicyOwner =
  | { level: 'service' }
  | { level: 'tenant'; id: string }
  | { level: 'client'; id: string }
  | { level: 'scope'; id: string }
  | { level: 'user'; id: string };

/** "the service", "tenant acme": how messages name the owner of a policy. */
export const ownerName = (owner: PolicyOwner): string =>
  owner.level === 'service' ? 'the service' : `${owner.level} ${owner.id}`;

/** One policy change, stored as a version (who, when, old → new). */
export interface PolicyChange {
  owner: PolicyOwner;
  before: PolicyDocument;
  after: PolicyDocument;
  actor: string;
  at: Instant;
}

export interface PolicyVersion extends PolicyChange {
  version: number;
}
