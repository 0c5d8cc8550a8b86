import type { Kysely, Selectable } from 'kysely';
import type { AuditEvent, AuditOutcome } from '../../domain/audit/audit-event.ts';
import type { AuditQuery, AuditRepository } from '../../ports/audit-repository.ts';
import type { AuditEventTable, Database } from './schema.ts';

const toEvent = (row: Selectable<AuditEventTable>): AuditEvent => ({
  id: row.id,
  at: Number(row.at),
  actor: row.actor,
  tenantId: row.tenant_id,
  subject: row.subject,
  action: row.action,
  outcome: row.outcome as AuditOutcome,
  requestId: row.request_id,
  clientAddress: row.client_address,
  details: JSON.parse(row.details),
});

export class SqlAuditRepository implements AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(event: AuditEvent): Promise<void> {
    await this.db
      .insertInto('audit_events')
      .values({
        id: event.id,
        at: event.at,
        actor: event.actor,
        tenant_id: event.tenantId,
        subject: event.subject,
        action: event.action,
        outcome: event.outcome,
        request_id: event.requestId,
        client_address: event.clientAddress,
        details: JSON.stringify(event.details),
      })
      .execute();
  }

  async query(query: AuditQuery): Promise<AuditEvent[]> {
    // `in ()` is no SQL: a filter of no tenants matches nothing
    if (query.tenantIds?.length === 0) return [];
    let select = this.db
      .selectFrom('audit_events')
      .selectAll()
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit);
    if (query.action !== undefined) select = select.where('action', '=', query.action);
    if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
    if (query.tenantId !== undefined) select = select.where('tenant_id', '=', query.tenantId);
    if (query.tenantIds !== undefined) select = select.where('tenant_id', 'in', query.tenantIds);
    if (query.subject !== undefined) select = select.where('subject', '=', query.subject);
    if (query.outcome !== undefined) select = select.where('outcome', '=', query.outcome);
    if (query.from !== undefined) select = select.where('at', '>=', query.from);
    if (query.to !== undefined) select = select.where('at', '<', query.to);
    const before = query.before;
    if (before !== undefined) {
      select = select.where((eb) =>
        eb.or([eb('at', '<', before.at), eb.and([eb('at', '=', before.at), eb('id', '<', before.id)])]),
      );
    }
    return (await select.execute()).map(toEvent);
  }
}
