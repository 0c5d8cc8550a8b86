import type { PolicyChange } from '../domain/policy/change.ts';
import type { Scope } from '../domain/scopes/scope.ts';

export interface ScopeRepository {
  insert(scope: Scope, change?: PolicyChange): Promise<void>;
  get(name: string): Promise<Scope | undefined>;
  list(): Promise<Scope[]>;
  /**
   * With a change, a compare-and-swap: written only while the stored policy is still `change.before`, else
   * PreconditionFailed and nothing is written (RFC 9110 §13.1.1).
   */
  update(scope: Scope, change?: PolicyChange): Promise<void>;
  delete(name: string): Promise<boolean>;
}
