import { randomUUID } from 'node:crypto';
import type { AuditQuery, AuditRepository } from '../../ports/audit-repository.ts';
import type { Clock } from '../clock.ts';
import type { AuditContext, AuditEvent, AuditFact } from './audit-event.ts';

/**
 * The audit log: admin actions, logins, locks, revocations, key rotations and policy changes, stored and
 * queryable, and handed to every listener (the structured log).
 */
export class AuditLog {
  private readonly listeners: Array<(event: AuditEvent) => void> = [];

  constructor(
    private readonly clock: Clock,
    private readonly events: AuditRepository,
  ) {}

  onRecorded(listener: (event: AuditEvent) => void): void {
    this.listeners.push(listener);
  }

  async record(context: AuditContext, fact: AuditFact): Promise<AuditEvent> {
    const event: AuditEvent = {
      id: randomUUID(),
      at: this.clock.now(),
      actor: context.actor,
      tenantId: fact.tenantId ?? null,
      subject: fact.subject ?? null,
      action: fact.action,
      outcome: fact.outcome,
      requestId: context.requestId ?? null,
      clientAddress: context.clientAddress ?? null,
      details: fact.details ?? {},
    };
    await this.events.insert(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  query(query: AuditQuery): Promise<AuditEvent[]> {
    return this.events.query(query);
  }
}
