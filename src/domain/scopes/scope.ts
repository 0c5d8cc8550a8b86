import type { Instant } from '../clock.ts';
import type { PolicyDocument } from '../policy/document.ts';

/** A scope; it may carry its own token lifetimes (the shortest of the requested scopes wins). */
export interface Scope {
  name: string;
  description: string;
  policy: PolicyDocument;
  createdAt: Instant;
  updatedAt: Instant;
}
