import type { AuditEvent, AuditOutcome } from '../domain/audit/audit-event.ts';
import type { Instant } from '../domain/clock.ts';

export interface AuditQuery {
  action?: string | undefined;
  actor?: string | undefined;
  tenantId?: string | undefined;
  /** Only events of these tenants (an administrator's subtree); events of no tenant are left out. */
  tenantIds?: readonly string[] | undefined;
  subject?: string | undefined;
  outcome?: AuditOutcome | undefined;
  from?: Instant | undefined;
  to?: Instant | undefined;
  limit: number;
  /** The cursor of the previous page: newest first, so the events before it. */
  before?: { at: Instant; id: string } | undefined;
}

export interface AuditRepository {
  insert(event: AuditEvent): Promise<void>;
  query(query: AuditQuery): Promise<AuditEvent[]>;
}
