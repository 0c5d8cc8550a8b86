/** Migrations that rebuild tables keep every row, and leave the schema the repositories expect. */
import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type SqlDatabase } from '../../src/storage/sql/database.ts';
import { migrationProvider } from '../../src/storage/sql/migrations/index.ts';
import { sqlRepositories } from '../../src/storage/sql/repositories.ts';
import { accessToken, grant, refreshToken, T } from './fixtures.ts';

describe('0005-token-tables-without-rowid (SQLite)', () => {
  let database: SqlDatabase | undefined;
  afterEach(() => database?.close());

  it('keeps the access and refresh tokens stored before it, and the tables work as before after it', async () => {
    database = openDatabase('sqlite::memory:');
    const { db } = database;
    const migrator = new Migrator({ db, provider: migrationProvider });
    const before = await migrator.migrateTo('0004-live-refresh-index');
    expect(before.error).toBeUndefined();
    const repos = sqlRepositories(database);
    const stored = accessToken('a-before', { grantId: 'g1', subject: 'alice', subjectClass: 'user' });
    await repos.accessTokens.insert(stored);
    const rotated = refreshToken('r1', 'g1', { rotatedAt: T + 5, successorBox: 'box' });
    await repos.grants.insert(grant('g1'), rotated);
    await repos.grants.insert(grant('g2'), refreshToken('r2', 'g2'));

    expect(await migrateToLatest(db, 'sqlite')).toEqual([
      '0005-token-tables-without-rowid',
      '0006-administrators',
      '0007-issuance-counts',
      '0008-revocation-feed',
    ]);

    const tables = await db
      .selectFrom('sqlite_master' as never)
      .select(['name' as never, 'sql' as never])
      .where('type' as never, '=', 'table' as never)
      .where('name' as never, 'in', ['access_tokens', 'refresh_tokens'] as never)
      .execute();
    expect(tables).toHaveLength(2);
    for (const table of tables as Array<{ sql: string }>) expect(table.sql).toMatch(/without rowid$/);
    const after = sqlRepositories(database);
    expect(await after.accessTokens.findById('a-before')).toStrictEqual(stored);
    expect((await after.grants.findRefreshToken('r1'))?.token).toStrictEqual(rotated);
    expect((await after.grants.findRefreshToken('r2'))?.token).toStrictEqual(refreshToken('r2', 'g2'));
    expect(await after.grants.rotate('r2', refreshToken('r3', 'g2'), null, T + 10)).toEqual({
      kind: 'rotated',
    });
    expect(await after.grants.rotate('r2', refreshToken('r4', 'g2'), null, T + 20)).toEqual({
      kind: 'already-rotated',
      rotatedAt: T + 10,
      successorBox: null,
    });
    await expect(after.accessTokens.insert(stored)).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT_PRIMARYKEY',
    });
  });
});
