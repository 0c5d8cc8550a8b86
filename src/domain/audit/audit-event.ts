import type { Instant } from '../clock.ts';

/** Who asked, from where, in which request. */
export interface AuditContext {
  actor: string;
  requestId?: string | undefined;
  clientAddress?: string | undefined;
}

export type AuditOutcome = 'success' | 'failure';

/** What happened; never a secret (no password, token, key or secret). */
export interface AuditFact {
  action: string;
  outcome: AuditOutcome;
  tenantId?: string | null | undefined;
  subject?: string | null | undefined;
  details?: Record<string, unknown>;
}

export interface AuditEvent {
  id: string;
  at: Instant;
  actor: string;
  tenantId: string | null;
  subject: string | null;
  action: string;
  outcome: AuditOutcome;
  requestId: string | null;
  clientAddress: string | null;
  details: Record<string, unknown>;
}

/** A system action with no request behind it (automatic key rotation, startup). */
export const SYSTEM: AuditContext = { actor: 'system' };
