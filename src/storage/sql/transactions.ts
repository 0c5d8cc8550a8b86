import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { sqliteTransaction } from './sqlite-direct.ts';

// PostgreSQL's serialization_failure and deadlock_detected: the transaction did nothing and may run again
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 5;

const retryable = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && RETRYABLE.has(String((error as { code?: unknown }).code));

/**
 * A transaction that is run again when the database aborted it for concurrency (never seen on SQLite, whose
 * writes are serialized; rare on PostgreSQL), so that such aborts never reach a client as errors.
 */
export async function transact<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const onSqlite = sqliteTransaction(db, work);
  if (onSqlite) return onSqlite;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (attempt >= ATTEMPTS || !retryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, attempt * 5 * Math.random()));
    }
  }
}
