import { type Kysely, sql } from 'kysely';

/**
 * The index from a grant to its refresh tokens keeps only the live (unrotated) token of each family. Indexing
 * every token ever issued put each rotation's insert on a random page of a B-tree that grows with every
 * refresh: under load, one commit wrote tens of such pages. The partial index holds one entry per family and
 * answers the only query that walks it (live tokens of a set of grants). Measured with the refresh grant of
 * `npm run bench`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('refresh_tokens_grant_id').execute();
  await db.schema
    .createIndex('refresh_tokens_live_grant_id')
    .on('refresh_tokens')
    .column('grant_id')
    .where(sql.ref('rotated_at'), 'is', null)
    .execute();
}
