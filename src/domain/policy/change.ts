import type { Instant } from '../clock.ts';
import type { PolicyDocument } from './document.ts';

/** The level that owns a stored policy document. */
export type PolicyOwner =
  | { level: 'service' }
  | { level: 'tenant'; id: string }
  | { level: 'client'; id: string }
  | { level: 'scope'; id: string };

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
