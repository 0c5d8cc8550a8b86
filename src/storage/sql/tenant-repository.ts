import type { Kysely, Selectable } from 'kysely';
import type { PolicyChange } from '../../domain/policy/change.ts';
import type { Tenant } from '../../domain/tenants/tenant.ts';
import type { PageQuery, TenantRepository } from '../../ports/tenant-repository.ts';
import { deleteWithChange, policyText, requireSwapped, writeWithChange } from './change-recorder.ts';
import { conflictOn } from './constraint-errors.ts';
import type { Database, TenantTable } from './schema.ts';

const toTenant = (row: Selectable<TenantTable>): Tenant => ({
  id: row.id,
  parentId: row.parent_id,
  name: row.name,
  policy: JSON.parse(row.policy),
  profile: JSON.parse(row.profile),
  externalProviders: JSON.parse(row.external_providers),
  notBefore: row.not_before === null ? null : Number(row.not_before),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const toRow = (tenant: Tenant): Selectable<TenantTable> => ({
  id: tenant.id,
  parent_id: tenant.parentId,
  name: tenant.name,
  policy: policyText(tenant.policy),
  profile: JSON.stringify(tenant.profile),
  external_providers: JSON.stringify(tenant.externalProviders),
  not_before: tenant.notBefore,
  created_at: tenant.createdAt,
  updated_at: tenant.updatedAt,
});

export class SqlTenantRepository implements TenantRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(tenant: Tenant, change?: PolicyChange): Promise<void> {
    await writeWithChange(this.db, change, (trx) =>
      trx.insertInto('tenants').values(toRow(tenant)).execute(),
    ).catch(
      conflictOn({
        unique: `a tenant with id ${tenant.id} exists`,
        foreignKey: 'the parent tenant does not exist',
      }),
    );
  }

  async get(id: string): Promise<Tenant | undefined> {
    const row = await this.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTenant(row);
  }

  async chain(id: string): Promise<Tenant[]> {
    const rows = await this.db
      .withRecursive('chain(id, parent_id, depth)', (db) =>
        db
          .selectFrom('tenants')
          .select(['id', 'parent_id'])
          .select((eb) => eb.lit(0).as('depth'))
          .where('id', '=', id)
          .unionAll((eb) =>
            eb
              .selectFrom('tenants')
              .innerJoin('chain', 'chain.parent_id', 'tenants.id')
              .select(['tenants.id', 'tenants.parent_id'])
              .select((e) => e(e.ref('chain.depth'), '+', 1).as('depth'))
              // a guard against cycles written outside Lifespan: no real tenant tree is this deep
              .where('chain.depth', '<', 64),
          ),
      )
      .selectFrom('chain')
      .innerJoin('tenants', 'tenants.id', 'chain.id')
      .selectAll('tenants')
      .orderBy('chain.depth', 'desc')
      .execute();
    return rows.map(toTenant);
  }

  async list(query: PageQuery & { parentId?: string; ids?: readonly string[] }): Promise<Tenant[]> {
    // `in ()` is no SQL: a filter of no tenants matches nothing
    if (query.ids?.length === 0) return [];
    let select = this.db.selectFrom('tenants').selectAll().orderBy('id').limit(query.limit);
    if (query.after !== undefined) select = select.where('id', '>', query.after);
    if (query.parentId !== undefined) select = select.where('parent_id', '=', query.parentId);
    if (query.ids !== undefined) select = select.where('id', 'in', query.ids);
    return (await select.execute()).map(toTenant);
  }

  async subtree(id: string): Promise<string[]> {
    const rows = await this.db
      .withRecursive('below(id, depth)', (db) =>
        db
          .selectFrom('tenants')
          .select('id')
          .select((eb) => eb.lit(0).as('depth'))
          .where('id', '=', id)
          .unionAll((eb) =>
            eb
              .selectFrom('tenants')
              .innerJoin('below', 'below.id', 'tenants.parent_id')
              .select('tenants.id')
              .select((e) => e(e.ref('below.depth'), '+', 1).as('depth'))
              // the same guard against cycles written outside Lifespan as `chain`
              .where('below.depth', '<', 64),
          ),
      )
      .selectFrom('below')
      .select('id')
      .execute();
    return rows.map((row) => row.id);
  }

  async update(tenant: Tenant, change?: PolicyChange): Promise<void> {
    const { id, created_at: _created, ...row } = toRow(tenant);
    await writeWithChange(this.db, change, async (trx) => {
      const update = trx.updateTable('tenants').set(row).where('id', '=', id);
      const expected = change && update.where('policy', '=', policyText(change.before));
      requireSwapped(await (expected ?? update).executeTakeFirst(), change);
    }).catch(conflictOn({ foreignKey: 'the parent tenant does not exist' }));
  }

  delete(id: string): Promise<boolean> {
    return deleteWithChange(this.db, (trx) =>
      trx.deleteFrom('tenants').where('id', '=', id).executeTakeFirstOrThrow(),
    ).catch(conflictOn({ foreignKey: 'the tenant still has sub-tenants, clients or users' }));
  }

  async countChildren(id: string): Promise<number> {
    const row = await this.db
      .selectFrom('tenants')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('parent_id', '=', id)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}
