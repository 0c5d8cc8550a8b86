import { type Kysely, sql, type UpdateResult } from 'kysely';
import { PreconditionFailed } from '../../domain/errors.ts';
import { ownerName, type PolicyChange } from '../../domain/policy/change.ts';
import type { PolicyDocument } from '../../domain/policy/document.ts';
import type { Database } from './schema.ts';
import { transact } from './transactions.ts';

/**
 * Every configuration write runs in a transaction that also bumps `config_version` (other processes poll it to
 * drop their caches) and, when a policy changed, bumps `policy_version` and stores the change as that version.
 */
export async function recordChange(trx: Kysely<Database>, change?: PolicyChange): Promise<void> {
  const state = await trx
    .updateTable('service_state')
    .set({
      config_version: sql`config_version + 1`,
      policy_version: change ? sql`policy_version + 1` : sql`policy_version`,
    })
    .where('id', '=', 1)
    .returning(['policy_version'])
    .executeTakeFirstOrThrow();
  if (!change) return;
  await trx
    .insertInto('policy_versions')
    .values({
      version: Number(state.policy_version),
      owner_level: change.owner.level,
      owner_id: change.owner.level === 'service' ? null : change.owner.id,
      before: JSON.stringify(change.before),
      after: JSON.stringify(change.after),
      actor: change.actor,
      at: change.at,
    })
    .execute();
}

/** Runs a configuration write and its change record atomically. */
export function writeWithChange<T>(
  db: Kysely<Database>,
  change: PolicyChange | undefined,
  write: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return transact(db, async (trx) => {
    const result = await write(trx);
    await recordChange(trx, change);
    return result;
  });
}

/** Deletes rows and records a change only when something was deleted; true when it was. */
export function deleteWithChange(
  db: Kysely<Database>,
  remove: (trx: Kysely<Database>) => Promise<{ numDeletedRows: bigint }>,
): Promise<boolean> {
  return transact(db, async (trx) => {
    const { numDeletedRows } = await remove(trx);
    if (numDeletedRows === 0n) return false;
    await recordChange(trx);
    return true;
  });
}

/** The stored text of a policy document; the compare-and-swap of a policy write compares it exactly. */
export const policyText = (document: PolicyDocument): string => JSON.stringify(document);

/**
 * A policy write is a compare-and-swap: its update also requires the row's stored policy to be the change's
 * `before` (`where policy = policyText(change.before)`). No row updated means another write came first (or the
 * row is gone): the transaction is rolled back, and the history keeps telling the truth about every `before`.
 */
export function requireSwapped(result: UpdateResult, change: PolicyChange | undefined): void {
  if (change && Number(result.numUpdatedRows) === 0) {
    throw new PreconditionFailed(`the policy of ${ownerName(change.owner)} has changed since it was read`);
  }
}
