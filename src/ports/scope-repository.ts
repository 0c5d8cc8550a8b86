import type { PolicyChange } from '../domain/policy/change.ts';
import type { Scope } from '../domain/scopes/scope.ts';

export interface ScopeRepository {
  insert(scope: Scope, change?: PolicyChange): Promise<void>;
  get(name: string): Promise<Scope | undefined>;
  list(): Promise<Scope[]>;
  update(scope: Scope, change?: PolicyChange): Promise<void>;
  delete(name: string): Promise<boolean>;
}
