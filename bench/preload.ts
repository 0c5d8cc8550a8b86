import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { newOpaqueToken } from '../src/domain/tokens/opaque-token-format.ts';
import { BENCH_CLIENT, BENCH_SCOPE, BENCH_TENANT } from './lifespan-server.ts';

/**
 * Inserts `count` valid opaque token rows into a stopped Lifespan's SQLite file, in one transaction with one
 * prepared statement. Rows look like the benchmark client's tokens: an ascending id as Lifespan mints them
 * (this process's own tag), the SHA-256 base64url of a random 256-bit secret, an hour left to live. Returns the rows in the table afterwards.
 */
export function preloadTokens(databasePath: string, count: number): number {
  const database = new BetterSqlite3(databasePath);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    const insert = database.prepare(
      `insert into access_tokens (id, secret_hash, tenant_id, client_id, subject, subject_class, scope,
         issued_at, expires_at, policy_version, revoked_at)
       values (?, ?, ?, ?, ?, 'service', ?, ?, ?, 1, null)`,
    );
    const now = Date.now();
    const expiresAt = now + 3600 * 1000;
    database.transaction(() => {
      for (let i = 0; i < count; i++) {
        const { id, secret } = newOpaqueToken(now);
        const secretHash = createHash('sha256').update(secret).digest('base64url');
        insert.run(id, secretHash, BENCH_TENANT, BENCH_CLIENT, BENCH_CLIENT, BENCH_SCOPE, now, expiresAt);
      }
    })();
    const row = database.prepare('select count(*) as n from access_tokens').get() as { n: number };
    return row.n;
  } finally {
    database.close();
  }
}

/** The number of rows in `access_tokens` of a stopped Lifespan's SQLite file. */
export function countTokens(databasePath: string): number {
  const database = new BetterSqlite3(databasePath, { readonly: true });
  try {
    return (database.prepare('select count(*) as n from access_tokens').get() as { n: number }).n;
  } finally {
    database.close();
  }
}
