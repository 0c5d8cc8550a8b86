import type { ScopeRepository } from '../../ports/scope-repository.ts';
import type { Clock } from '../clock.ts';
import type { ConfigurationChanges } from '../configuration-changes.ts';
import { NotFound, ValidationFailed } from '../errors.ts';
import type { PolicyWarning } from '../policy/lint.ts';
import type { PolicyAdministration } from '../policy/policy-administration.ts';
import type { Scope } from './scope.ts';

export interface ScopeInput {
  name: string;
  description?: string | undefined;
  policy?: unknown;
}

export interface ScopeResult {
  scope: Scope;
  warnings: PolicyWarning[];
}

// RFC 6749 §3.3 scope-token
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/;

export class ScopeAdministration {
  constructor(
    private readonly clock: Clock,
    private readonly scopes: ScopeRepository,
    private readonly policies: PolicyAdministration,
    private readonly changes: ConfigurationChanges,
  ) {}

  async create(input: ScopeInput, actor: string): Promise<ScopeResult> {
    if (!SCOPE_TOKEN.test(input.name)) {
      throw new ValidationFailed('the scope name is not valid', [
        { field: 'name', message: 'a scope is 1 to 128 printable ASCII characters without space, " or \\' },
      ]);
    }
    const { document, warnings } = await this.policies.check(
      { level: 'scope', id: input.name },
      input.policy ?? {},
    );
    const now = this.clock.now();
    const scope: Scope = {
      name: input.name,
      description: input.description ?? '',
      policy: document,
      createdAt: now,
      updatedAt: now,
    };
    const change =
      Object.keys(document).length === 0
        ? undefined
        : { owner: { level: 'scope' as const, id: scope.name }, before: {}, after: document, actor, at: now };
    await this.scopes.insert(scope, change);
    await this.changes.publish();
    return { scope, warnings };
  }

  async get(name: string): Promise<Scope> {
    const scope = await this.scopes.get(name);
    if (!scope) throw new NotFound(`scope ${name} does not exist`);
    return scope;
  }

  list(): Promise<Scope[]> {
    return this.scopes.list();
  }

  async update(name: string, patch: Omit<Partial<ScopeInput>, 'name'>, actor: string): Promise<ScopeResult> {
    const current = await this.get(name);
    const { document, warnings } =
      patch.policy === undefined
        ? { document: current.policy, warnings: [] }
        : await this.policies.check({ level: 'scope', id: name }, patch.policy);
    const now = this.clock.now();
    const scope: Scope = {
      ...current,
      description: patch.description ?? current.description,
      policy: document,
      updatedAt: now,
    };
    const changed = JSON.stringify(current.policy) !== JSON.stringify(document);
    await this.scopes.update(
      scope,
      changed
        ? { owner: { level: 'scope', id: name }, before: current.policy, after: document, actor, at: now }
        : undefined,
    );
    await this.changes.publish();
    return { scope, warnings };
  }

  async delete(name: string): Promise<void> {
    if (!(await this.scopes.delete(name))) throw new NotFound(`scope ${name} does not exist`);
    await this.changes.publish();
  }
}
