import type { Kysely } from 'kysely';

/** Brute-force lockout counters, the audit log, and signing-key rotation states. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('device_lockouts')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'bigint')
    .addColumn('locked_at', 'bigint')
    .addPrimaryKeyConstraint('device_lockouts_pk', ['tenant_id', 'username', 'device_id'])
    .execute();

  await db.schema
    .createTable('user_lockouts')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('device_locks', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'bigint')
    .addColumn('locked_at', 'bigint')
    .addPrimaryKeyConstraint('user_lockouts_pk', ['tenant_id', 'username'])
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('subject', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('client_address', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_at').on('audit_events').columns(['at', 'id']).execute();
  await db.schema
    .createIndex('audit_events_tenant')
    .on('audit_events')
    .columns(['tenant_id', 'at'])
    .execute();

  // a key signs from activates_at; a retired key stays published until published_until; a revoked key is gone
  await db.schema.alterTable('signing_keys').addColumn('activates_at', 'bigint').execute();
  await db.schema.alterTable('signing_keys').addColumn('published_until', 'bigint').execute();
  await db.schema.alterTable('signing_keys').addColumn('revoked_at', 'bigint').execute();
  // the key that signed a family's latest access token: revoking the key ends the family
  await db.schema.alterTable('grants').addColumn('signing_kid', 'text').execute();
  await db.schema.createIndex('grants_signing_kid').on('grants').column('signing_kid').execute();
}
