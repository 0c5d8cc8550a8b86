import type { Kysely, Selectable } from 'kysely';
import type { AdminKeyRecord, AdminKeyRepository } from '../../ports/admin-key-repository.ts';
import type { AdminKeyTable, Database } from './schema.ts';

const toRecord = (row: Selectable<AdminKeyTable>): AdminKeyRecord => ({
  id: row.id,
  name: row.name,
  hash: row.key_hash,
  createdAt: Number(row.created_at),
});

export class SqlAdminKeyRepository implements AdminKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(record: AdminKeyRecord): Promise<void> {
    await this.db
      .insertInto('admin_keys')
      .values({ id: record.id, name: record.name, key_hash: record.hash, created_at: record.createdAt })
      .execute();
  }

  async findByHash(hash: string): Promise<AdminKeyRecord | undefined> {
    const row = await this.db
      .selectFrom('admin_keys')
      .selectAll()
      .where('key_hash', '=', hash)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async list(): Promise<AdminKeyRecord[]> {
    return (await this.db.selectFrom('admin_keys').selectAll().orderBy('created_at').execute()).map(toRecord);
  }
}
