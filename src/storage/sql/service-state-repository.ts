import type { Kysely } from 'kysely';
import type { Instant } from '../../domain/clock.ts';
import type { PolicyChange, PolicyOwner, PolicyVersion } from '../../domain/policy/change.ts';
import type { RevocationEvent } from '../../domain/revocation/revocation-event.ts';
import type {
  NotBeforeOwner,
  NotBeforeSnapshot,
  ServiceState,
  ServiceStateRepository,
} from '../../ports/service-state-repository.ts';
import { policyText, recordChange, requireSwapped, writeWithChange } from './change-recorder.ts';
import { appendRevocationEvents } from './revocation-feed-repository.ts';
import type { Database } from './schema.ts';
import { transact } from './transactions.ts';

export class SqlServiceStateRepository implements ServiceStateRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(): Promise<ServiceState> {
    const row = await this.db
      .selectFrom('service_state')
      .selectAll()
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return {
      policy: JSON.parse(row.policy),
      policyVersion: Number(row.policy_version),
      configVersion: Number(row.config_version),
      notBefore: row.not_before === null ? null : Number(row.not_before),
    };
  }

  async saveServicePolicy(change: PolicyChange): Promise<void> {
    await writeWithChange(this.db, change, async (trx) => {
      const result = await trx
        .updateTable('service_state')
        .set({ policy: policyText(change.after) })
        .where('id', '=', 1)
        .where('policy', '=', policyText(change.before))
        .executeTakeFirst();
      requireSwapped(result, change);
    });
  }

  async configVersion(): Promise<number> {
    const row = await this.db
      .selectFrom('service_state')
      .select('config_version')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(row.config_version);
  }

  async raiseNotBefore(owner: NotBeforeOwner, at: Instant): Promise<boolean> {
    return transact(this.db, async (trx) => {
      const table =
        owner.level === 'service' ? 'service_state' : owner.level === 'tenant' ? 'tenants' : 'clients';
      const id = owner.level === 'service' ? 1 : owner.id;
      // never move a not-before back: a later event must not revive tokens an earlier one ended
      const result = await trx
        .updateTable(table)
        .set((eb) => ({
          not_before: eb
            .case()
            .when('not_before', 'is', null)
            .then(at)
            .when('not_before', '<', at)
            .then(at)
            .else(eb.ref('not_before'))
            .end(),
        }))
        .where('id', '=', id)
        .executeTakeFirst();
      const found = Number(result.numUpdatedRows) > 0;
      // a missing owner changes nothing, so other instances have nothing to reload
      if (found) {
        await recordChange(trx);
        await appendRevocationEvents(trx, [await notBeforeEvent(trx, owner, at)]);
      }
      return found;
    });
  }

  async notBefores(): Promise<NotBeforeSnapshot> {
    const [state, tenants, clients] = await Promise.all([
      this.db.selectFrom('service_state').select('not_before').where('id', '=', 1).executeTakeFirstOrThrow(),
      this.db
        .selectFrom('tenants')
        .select(['id', 'not_before'])
        .where('not_before', 'is not', null)
        .execute(),
      this.db
        .selectFrom('clients')
        .select(['id', 'not_before'])
        .where('not_before', 'is not', null)
        .execute(),
    ]);
    const toMap = (rows: { id: string; not_before: number | null }[]) =>
      new Map(rows.map((row) => [row.id, Number(row.not_before)]));
    return {
      service: state.not_before === null ? null : Number(state.not_before),
      tenants: toMap(tenants),
      clients: toMap(clients),
    };
  }

  async policyHistory(owner: PolicyOwner, limit: number): Promise<PolicyVersion[]> {
    let query = this.db
      .selectFrom('policy_versions')
      .selectAll()
      .where('owner_level', '=', owner.level)
      .orderBy('version', 'desc')
      .limit(limit);
    query =
      owner.level === 'service'
        ? query.where('owner_id', 'is', null)
        : query.where('owner_id', '=', owner.id);
    const rows = await query.execute();
    return rows.map((row) => ({
      version: Number(row.version),
      owner,
      before: JSON.parse(row.before),
      after: JSON.parse(row.after),
      actor: row.actor,
      at: Number(row.at),
    }));
  }
}

/** The feed's event for a level's new not-before (a client's event names its tenant, for subscribers' scopes). */
async function notBeforeEvent(
  trx: Kysely<Database>,
  owner: NotBeforeOwner,
  at: Instant,
): Promise<RevocationEvent> {
  if (owner.level === 'service') return { kind: 'service', notBefore: at };
  if (owner.level === 'tenant') return { kind: 'tenant', tenantId: owner.id, notBefore: at };
  const client = await trx
    .selectFrom('clients')
    .select('tenant_id')
    .where('id', '=', owner.id)
    .executeTakeFirstOrThrow();
  return { kind: 'client', tenantId: client.tenant_id, clientId: owner.id, notBefore: at };
}
