import { type Kysely, sql } from 'kysely';

/**
 * The revocation feed: every change that ends tokens before their `exp` is appended as an event with a sequence
 * number from `service_state.revocation_seq`, bumped in the writing transaction. The row lock that bump takes
 * orders concurrent writers, so events become visible in sequence order on every dialect and a reader that has
 * seen sequence N has seen everything before it.
 *
 * `kind` is service, tenant, client or user (`at` is the not-before instant), token (a revoked JWT; `at` is its
 * expiry), or key (a revoked signing key; `at` is the revocation instant). `subject` names the tenant, client,
 * user, JWT id or key id; `tenant_id` the tenant the event concerns (null: every tenant).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('service_state')
    .addColumn('revocation_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('revocation_events')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('subject', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await backfill(db);
}

/** What was revoked before the feed existed becomes its first events, so that no subscriber misses it. */
async function backfill(db: Kysely<unknown>): Promise<void> {
  const existing = sql`
    select 'service' as kind, null as tenant_id, null as subject, not_before as at from service_state
      where not_before is not null
    union all select 'tenant', id, id, not_before from tenants where not_before is not null
    union all select 'client', tenant_id, id, not_before from clients where not_before is not null
    union all select 'user', tenant_id, id, access_not_before from users where access_not_before is not null
    union all select 'token', null, jti, expires_at from revoked_jwts
    union all select 'key', null, kid, revoked_at from signing_keys where revoked_at is not null`;
  await sql`
    insert into revocation_events (seq, kind, tenant_id, subject, at)
    select row_number() over (order by at, kind, subject), kind, tenant_id, subject, at from (${existing}) as existing`.execute(
    db,
  );
  await sql`update service_state set revocation_seq = (select count(*) from revocation_events)`.execute(db);
}
