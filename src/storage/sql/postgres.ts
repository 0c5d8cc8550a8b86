import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

// int8 (bigint: instants, counts) arrives as text by default; every value Lifespan stores fits a double exactly
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** Connections per process (the pool's max). */
  poolSize?: number;
}

/** PostgreSQL through a pg pool; the same Kysely repositories as SQLite. */
export function openPostgres(url: string, options: PostgresOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
