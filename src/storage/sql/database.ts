import { type Kysely, Migrator, sql } from 'kysely';
import { migrationProvider } from './migrations/index.ts';
import { openPostgres } from './postgres.ts';
import type { Database } from './schema.ts';
import { openSqlite } from './sqlite.ts';

export type SqlDialectName = 'sqlite' | 'postgres';

export interface SqlDatabase {
  db: Kysely<Database>;
  dialect: SqlDialectName;
  close(): Promise<void>;
}

export class DatabaseUrlError extends Error {
  override readonly name = 'DatabaseUrlError';
}

/** Opens the database a `DATABASE_URL` names: `sqlite:PATH` (or `sqlite::memory:`), or `postgres://…`. */
export function openDatabase(url: string): SqlDatabase {
  if (url.startsWith('sqlite:')) {
    const db = openSqlite(url.slice('sqlite:'.length));
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const db = openPostgres(url);
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  throw new DatabaseUrlError(`unsupported DATABASE_URL "${url}": expected sqlite:PATH or postgres://…`);
}

/** Brings the schema to the latest version; safe to run at every start and from `lifespan migrate`. */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: SqlDialectName = 'sqlite',
): Promise<string[]> {
  // on PostgreSQL the migration bookkeeping lives in the connection's schema (search_path), not in whichever
  // schema of the database happens to have such tables already
  const schema =
    dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema !== undefined && { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
