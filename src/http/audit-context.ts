import type { FastifyRequest } from 'fastify';
import type { AuditContext } from '../domain/audit/audit-event.ts';

/** The request as the audit log records it; the actor is the admin key's name when there is one. */
export const auditContext = (request: FastifyRequest): AuditContext => ({
  actor: request.actor || 'anonymous',
  requestId: request.id,
  clientAddress: request.ip,
});
