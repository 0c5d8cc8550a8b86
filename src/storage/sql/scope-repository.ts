import type { Kysely, Selectable } from 'kysely';
import type { PolicyChange } from '../../domain/policy/change.ts';
import type { Scope } from '../../domain/scopes/scope.ts';
import type { ScopeRepository } from '../../ports/scope-repository.ts';
import { deleteWithChange, policyText, requireSwapped, writeWithChange } from './change-recorder.ts';
import { conflictOn } from './constraint-errors.ts';
import type { Database, ScopeTable } from './schema.ts';

const toScope = (row: Selectable<ScopeTable>): Scope => ({
  name: row.name,
  description: row.description,
  policy: JSON.parse(row.policy),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const toRow = (scope: Scope): Selectable<ScopeTable> => ({
  name: scope.name,
  description: scope.description,
  policy: policyText(scope.policy),
  created_at: scope.createdAt,
  updated_at: scope.updatedAt,
});

export class SqlScopeRepository implements ScopeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(scope: Scope, change?: PolicyChange): Promise<void> {
    await writeWithChange(this.db, change, (trx) =>
      trx.insertInto('scopes').values(toRow(scope)).execute(),
    ).catch(conflictOn({ unique: `a scope named ${scope.name} exists` }));
  }

  async get(name: string): Promise<Scope | undefined> {
    const row = await this.db.selectFrom('scopes').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toScope(row);
  }

  async list(): Promise<Scope[]> {
    return (await this.db.selectFrom('scopes').selectAll().orderBy('name').execute()).map(toScope);
  }

  async update(scope: Scope, change?: PolicyChange): Promise<void> {
    const { name, created_at: _created, ...row } = toRow(scope);
    await writeWithChange(this.db, change, async (trx) => {
      const update = trx.updateTable('scopes').set(row).where('name', '=', name);
      const expected = change && update.where('policy', '=', policyText(change.before));
      requireSwapped(await (expected ?? update).executeTakeFirst(), change);
    });
  }

  delete(name: string): Promise<boolean> {
    return deleteWithChange(this.db, (trx) =>
      trx.deleteFrom('scopes').where('name', '=', name).executeTakeFirstOrThrow(),
    );
  }
}
