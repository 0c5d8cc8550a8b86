import type { Kysely } from 'kysely';

/**
 * Tokens issued per hour, tenant and grant, for the console's overview. Each process counts in memory and adds
 * its counts every few seconds (one upsert per hour, tenant and grant that moved), so issuing a token writes
 * nothing more than it did.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('issuance_counts')
    .addColumn('hour', 'bigint', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('grant_type', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('issuance_counts_pk', ['hour', 'tenant_id', 'grant_type'])
    .execute();
}
