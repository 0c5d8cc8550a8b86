import { type Kysely, type Selectable, sql } from 'kysely';
import type { Client } from '../../domain/clients/client.ts';
import type { PolicyChange } from '../../domain/policy/change.ts';
import type { ClientListQuery, ClientRepository } from '../../ports/client-repository.ts';
import { deleteWithChange, policyText, requireSwapped, writeWithChange } from './change-recorder.ts';
import { conflictOn } from './constraint-errors.ts';
import type { ClientTable, Database } from './schema.ts';

const toClient = (row: Selectable<ClientTable>): Client => ({
  id: row.id,
  tenantId: row.tenant_id,
  name: row.name,
  secretHash: row.secret_hash,
  tokenEndpointAuthMethod: row.token_endpoint_auth_method as Client['tokenEndpointAuthMethod'],
  grantTypes: JSON.parse(row.grant_types),
  scopes: JSON.parse(row.scopes),
  redirectUris: JSON.parse(row.redirect_uris),
  postLogoutRedirectUris: JSON.parse(row.post_logout_redirect_uris),
  firstParty: Number(row.first_party) === 1,
  policy: JSON.parse(row.policy),
  notBefore: row.not_before === null ? null : Number(row.not_before),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const toRow = (client: Client): Selectable<ClientTable> => ({
  id: client.id,
  tenant_id: client.tenantId,
  name: client.name,
  secret_hash: client.secretHash,
  token_endpoint_auth_method: client.tokenEndpointAuthMethod,
  grant_types: JSON.stringify(client.grantTypes),
  scopes: JSON.stringify(client.scopes),
  redirect_uris: JSON.stringify(client.redirectUris),
  post_logout_redirect_uris: JSON.stringify(client.postLogoutRedirectUris),
  first_party: client.firstParty ? 1 : 0,
  policy: policyText(client.policy),
  not_before: client.notBefore,
  created_at: client.createdAt,
  updated_at: client.updatedAt,
});

/** The text as itself in a LIKE pattern: %, _ and the escape character match only themselves. */
const escapedForLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export class SqlClientRepository implements ClientRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(client: Client, change?: PolicyChange): Promise<void> {
    await writeWithChange(this.db, change, (trx) =>
      trx.insertInto('clients').values(toRow(client)).execute(),
    ).catch(
      conflictOn({ unique: `a client with id ${client.id} exists`, foreignKey: 'the tenant does not exist' }),
    );
  }

  async get(id: string): Promise<Client | undefined> {
    const row = await this.db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toClient(row);
  }

  async list(query: ClientListQuery): Promise<Client[]> {
    // `in ()` is no SQL: a filter of no tenants matches nothing
    if (query.tenantIds?.length === 0) return [];
    let select = this.db.selectFrom('clients').selectAll().orderBy('id').limit(query.limit);
    if (query.after !== undefined) select = select.where('id', '>', query.after);
    if (query.tenantId !== undefined) select = select.where('tenant_id', '=', query.tenantId);
    if (query.tenantIds !== undefined) select = select.where('tenant_id', 'in', query.tenantIds);
    if (query.search !== undefined && query.search !== '') {
      // the database's lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not
      const pattern = `%${escapedForLike(query.search)}%`;
      select = select.where(
        sql<boolean>`(lower(id) like lower(${pattern}) escape '\\' or lower(name) like lower(${pattern}) escape '\\')`,
      );
    }
    return (await select.execute()).map(toClient);
  }

  async update(client: Client, change?: PolicyChange): Promise<void> {
    const { id, created_at: _created, ...row } = toRow(client);
    await writeWithChange(this.db, change, async (trx) => {
      const update = trx.updateTable('clients').set(row).where('id', '=', id);
      const expected = change && update.where('policy', '=', policyText(change.before));
      requireSwapped(await (expected ?? update).executeTakeFirst(), change);
    }).catch(conflictOn({ foreignKey: 'the tenant does not exist' }));
  }

  delete(id: string): Promise<boolean> {
    return deleteWithChange(this.db, (trx) =>
      trx.deleteFrom('clients').where('id', '=', id).executeTakeFirstOrThrow(),
    );
  }

  async countByTenant(tenantId: string): Promise<number> {
    const row = await this.db
      .selectFrom('clients')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}
