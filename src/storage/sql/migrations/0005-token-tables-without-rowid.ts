import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * SQLite only: the token tables become WITHOUT ROWID tables, stored in their primary-key B-tree alone. A rowid
 * table with a text key keeps two B-trees (the rows by rowid, and the key's index), so every token insert wrote
 * both and every lookup walked both. Rows are copied over; PostgreSQL has no such distinction and is untouched.
 * Measured with `npm run bench` (client credentials with opaque tokens, introspection, the refresh grant).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await rebuild(
    db,
    'access_tokens',
    `"id" text not null primary key, "secret_hash" text not null, "tenant_id" text not null,
     "client_id" text not null, "subject" text not null, "subject_class" text not null, "scope" text not null,
     "issued_at" bigint not null, "expires_at" bigint not null, "policy_version" bigint not null,
     "revoked_at" bigint, "grant_id" text`,
    [`create index "access_tokens_expires_at" on "access_tokens" ("expires_at")`],
  );
  await rebuild(
    db,
    'refresh_tokens',
    `"id" text not null primary key, "secret_hash" text not null, "grant_id" text not null,
     "issued_at" bigint not null, "expires_at" bigint, "rotated_at" bigint, "successor_box" text`,
    [
      `create index "refresh_tokens_live_grant_id" on "refresh_tokens" ("grant_id") where "rotated_at" is null`,
    ],
  );
}

async function rebuild(
  db: Kysely<unknown>,
  table: string,
  columns: string,
  indexes: string[],
): Promise<void> {
  const rebuilt = `${table}_rebuilt`;
  await sql.raw(`create table "${rebuilt}" (${columns}) without rowid`).execute(db);
  await sql.raw(`insert into "${rebuilt}" select * from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${rebuilt}" rename to "${table}"`).execute(db);
  for (const index of indexes) await sql.raw(index).execute(db);
}
