import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Instant } from '../../domain/clock.ts';
import type { RevocationEvent, SequencedRevocationEvent } from '../../domain/revocation/revocation-event.ts';
import type {
  RevocationFeedRepository,
  RevocationFeedScope,
} from '../../ports/revocation-feed-repository.ts';
import type { Database, RevocationEventTable } from './schema.ts';

type EventRow = Omit<RevocationEventTable, 'seq'>;

function rowOf(event: RevocationEvent): EventRow {
  switch (event.kind) {
    case 'service':
      return { kind: event.kind, tenant_id: null, subject: null, at: event.notBefore };
    case 'tenant':
      return { kind: event.kind, tenant_id: event.tenantId, subject: event.tenantId, at: event.notBefore };
    case 'client':
      return { kind: event.kind, tenant_id: event.tenantId, subject: event.clientId, at: event.notBefore };
    case 'user':
      return { kind: event.kind, tenant_id: event.tenantId, subject: event.userId, at: event.notBefore };
    case 'token':
      return { kind: event.kind, tenant_id: event.tenantId, subject: event.jti, at: event.expiresAt };
    case 'key':
      return { kind: event.kind, tenant_id: null, subject: event.kid, at: event.revokedAt };
  }
}

function eventOf(row: RevocationEventTable): SequencedRevocationEvent {
  const seq = Number(row.seq);
  const at = Number(row.at);
  const subject = row.subject ?? '';
  const tenantId = row.tenant_id ?? '';
  switch (row.kind) {
    case 'service':
      return { seq, kind: 'service', notBefore: at };
    case 'tenant':
      return { seq, kind: 'tenant', tenantId: subject, notBefore: at };
    case 'client':
      return { seq, kind: 'client', tenantId, clientId: subject, notBefore: at };
    case 'user':
      return { seq, kind: 'user', tenantId, userId: subject, notBefore: at };
    case 'token':
      return { seq, kind: 'token', tenantId: row.tenant_id, jti: subject, expiresAt: at };
    default:
      return { seq, kind: 'key', kid: subject, revokedAt: at };
  }
}

/**
 * Appends events inside the transaction that made the change, so that a change and its event are stored
 * together or not at all. The sequence comes from bumping `service_state.revocation_seq`: the row lock of that
 * update makes concurrent writers commit in sequence order (PostgreSQL), and SQLite serializes writers anyway.
 */
export async function appendRevocationEvents(
  trx: Kysely<Database>,
  events: readonly RevocationEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const state = await trx
    .updateTable('service_state')
    .set({ revocation_seq: sql`revocation_seq + ${events.length}` })
    .where('id', '=', 1)
    .returning('revocation_seq')
    .executeTakeFirstOrThrow();
  const first = Number(state.revocation_seq) - events.length + 1;
  await trx
    .insertInto('revocation_events')
    .values(events.map((event, index) => ({ seq: first + index, ...rowOf(event) })))
    .execute();
}

export class SqlRevocationFeedRepository implements RevocationFeedRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async latest(): Promise<number> {
    const row = await this.db
      .selectFrom('service_state')
      .select('revocation_seq')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(row.revocation_seq);
  }

  async after(
    cursor: number,
    scope: RevocationFeedScope,
    limit: number,
  ): Promise<SequencedRevocationEvent[]> {
    const rows = await this.db
      .selectFrom('revocation_events')
      .selectAll()
      .where('seq', '>', cursor)
      .where((eb) => visibleTo(eb, scope))
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(eventOf);
  }

  async inForce(
    cursor: number,
    scope: RevocationFeedScope,
    now: Instant,
  ): Promise<SequencedRevocationEvent[]> {
    // the latest event of each level, user, JWT and key: a not-before only ever moves forward
    const rows = await this.db
      .selectFrom('revocation_events')
      .select(['kind', 'tenant_id', 'subject'])
      .select((eb) => [eb.fn.max('seq').as('seq'), eb.fn.max('at').as('at')])
      .where('seq', '<=', cursor)
      .where((eb) => visibleTo(eb, scope))
      .where((eb) => eb.or([eb('kind', '<>', 'token'), eb('at', '>', now)]))
      .groupBy(['kind', 'tenant_id', 'subject'])
      .orderBy('seq')
      .execute();
    return rows.map((row) => eventOf({ ...row, seq: Number(row.seq), at: Number(row.at) }));
  }
}

/** Events of every tenant, tenant not-befores of the subscriber's chain, everything else of its own tenant. */
function visibleTo(
  eb: ExpressionBuilder<Database, 'revocation_events'>,
  scope: RevocationFeedScope,
): Expression<SqlBool> {
  const own = scope.tenantChain.at(-1) ?? '';
  return eb.or([
    eb('tenant_id', 'is', null),
    eb.and([eb('kind', '=', 'tenant'), eb('tenant_id', 'in', [...scope.tenantChain, own])]),
    eb.and([eb('kind', '<>', 'tenant'), eb('tenant_id', '=', own)]),
  ]);
}
