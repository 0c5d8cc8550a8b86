import type { Kysely } from 'kysely';

/**
 * Console administrators are users of subject class `admin` in the service's own tenant; `administers` names the
 * tenant whose subtree one of them manages (null: the whole service).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('administers', 'text').execute();
}
