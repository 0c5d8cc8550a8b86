/**
 * SQLite's direct path (prepared queries and transactions on better-sqlite3 beside Kysely): the same answers as
 * through Kysely, never a read of another transaction's uncommitted writes, and rollback on failure.
 */
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type SqlDatabase } from '../../src/storage/sql/database.ts';
import { prepareQuery } from '../../src/storage/sql/prepared.ts';
import type { Database } from '../../src/storage/sql/schema.ts';
import { transact } from '../../src/storage/sql/transactions.ts';
import { T } from './fixtures.ts';

const tenantRow = (id: string) => ({
  id,
  parent_id: null,
  name: `Tenant ${id}`,
  policy: '{}',
  profile: '{}',
  not_before: null,
  created_at: T,
  updated_at: T,
  external_providers: '[]',
});

/** Settles on the next turn of the event loop: whatever could have run by then has. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('SQLite direct path', () => {
  let database: SqlDatabase;
  let db: Kysely<Database>;
  let tenantName: ReturnType<typeof prepareQuery<Database, 'id', { name: string }>>;
  beforeEach(async () => {
    database = openDatabase('sqlite::memory:');
    db = database.db;
    await migrateToLatest(db, 'sqlite');
    tenantName = prepareQuery<Database, 'id', { name: string }>(db, (p) =>
      db.selectFrom('tenants').select('name').where('id', '=', p('id')),
    );
  });
  afterEach(() => database.close());

  it('a prepared read answers what Kysely answers; a prepared write reports the rows it changed', async () => {
    await db.insertInto('tenants').values(tenantRow('acme')).execute();
    expect(await tenantName.execute({ id: 'acme' })).toStrictEqual({ rows: [{ name: 'Tenant acme' }] });
    expect(await tenantName.execute({ id: 'nobody' })).toStrictEqual({ rows: [] });
    const rename = prepareQuery<Database, 'id' | 'name', never>(db, (p) =>
      db
        .updateTable('tenants')
        .set({ name: p('name') })
        .where('id', '=', p('id')),
    );
    expect(await rename.execute({ id: 'acme', name: 'Acme' })).toStrictEqual({
      rows: [],
      numAffectedRows: 1n,
    });
    expect(await rename.execute({ id: 'nobody', name: 'x' })).toStrictEqual({
      rows: [],
      numAffectedRows: 0n,
    });
    expect(await db.selectFrom('tenants').select('name').execute()).toStrictEqual([{ name: 'Acme' }]);
  });

  /**
   * Opens a transaction that inserts tenant `id` and stays open; starts `read` meanwhile; checks the read has
   * not answered a turn later; then commits and answers what the read saw.
   */
  async function readDuringTransaction(id: string, read: () => Promise<unknown>): Promise<unknown> {
    let finish: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const writing = transact(db, async (trx) => {
      await trx.insertInto('tenants').values(tenantRow(id)).execute();
      await held;
    });
    await nextTurn();
    let seen: unknown;
    const reading = read().then((result) => {
      seen = result;
    });
    await nextTurn();
    expect(seen).toBeUndefined();
    finish();
    await writing;
    await reading;
    return seen;
  }

  it('a read while a transaction is open waits for its commit instead of seeing its uncommitted row', async () => {
    expect(await readDuringTransaction('acme', () => tenantName.execute({ id: 'acme' }))).toStrictEqual({
      rows: [{ name: 'Tenant acme' }],
    });
  });

  it('executeAll answers each set of values in order, in one read transaction or after an open one', async () => {
    await db
      .insertInto('tenants')
      .values([tenantRow('acme'), tenantRow('globex')])
      .execute();
    expect(await tenantName.executeAll([{ id: 'globex' }, { id: 'nobody' }, { id: 'acme' }])).toStrictEqual([
      { rows: [{ name: 'Tenant globex' }] },
      { rows: [] },
      { rows: [{ name: 'Tenant acme' }] },
    ]);
    const seen = await readDuringTransaction('initech', () =>
      tenantName.executeAll([{ id: 'initech' }, { id: 'acme' }]),
    );
    expect(seen).toStrictEqual([{ rows: [{ name: 'Tenant initech' }] }, { rows: [{ name: 'Tenant acme' }] }]);
  });

  it('a failed transaction leaves nothing behind, and the next one commits', async () => {
    const failing = transact(db, async (trx) => {
      await trx.insertInto('tenants').values(tenantRow('acme')).execute();
      await tenantName.execute({ id: 'acme' }, trx);
      await trx.insertInto('tenants').values(tenantRow('acme')).execute();
    });
    await expect(failing).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(await tenantName.execute({ id: 'acme' })).toStrictEqual({ rows: [] });
    await transact(db, async (trx) => {
      await trx.insertInto('tenants').values(tenantRow('globex')).execute();
      expect(await tenantName.execute({ id: 'globex' }, trx)).toStrictEqual({
        rows: [{ name: 'Tenant globex' }],
      });
    });
    expect(await tenantName.execute({ id: 'globex' })).toStrictEqual({ rows: [{ name: 'Tenant globex' }] });
  });
});
