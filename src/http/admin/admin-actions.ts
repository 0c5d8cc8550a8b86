import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import { auditContext } from '../audit-context.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The `id` and `tenantId` of a JSON answer (a created or changed resource), when it names them. */
function answeredResource(payload: unknown): { id?: string; tenantId?: string } {
  if (typeof payload !== 'string' || !payload.startsWith('{')) return {};
  try {
    const body = JSON.parse(payload) as Record<string, unknown>;
    return {
      ...(typeof body.id === 'string' && { id: body.id }),
      ...(typeof body.tenantId === 'string' && { tenantId: body.tenantId }),
    };
  } catch {
    return {};
  }
}

/**
 * Every management action (a write, accepted or refused) is an audit event, stored before the answer leaves:
 * "admin.PATCH /admin/v1/users/:id", its subject (the id in the path, or the id of what was created), its
 * tenant, the status, and whether it was only a preview (`?dryRun=true` changes nothing).
 */
export function recordAdminActions(app: FastifyInstance, audit: AuditLog): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (READS.has(request.method)) return payload;
    const params = request.params as Record<string, string> | undefined;
    const query = request.query as Record<string, unknown> | undefined;
    const route = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
    const answered = reply.statusCode < 300 ? answeredResource(payload) : {};
    const subject = params?.id ?? params?.customerId ?? answered.id ?? null;
    // an action on a tenant (or a customer) belongs to that tenant; a client or user to its own
    const onTenant = route.startsWith('/admin/v1/tenants') || route.startsWith('/api/customer');
    const tenantId = onTenant ? subject : (answered.tenantId ?? null);
    await audit.record(auditContext(request), {
      action: `admin.${request.method} ${route}`,
      outcome: reply.statusCode < 400 ? 'success' : 'failure',
      tenantId,
      subject,
      details: {
        status: reply.statusCode,
        // a preview changes nothing; the route's schema may have coerced the flag to a boolean
        ...(String(query?.dryRun) === 'true' && { dryRun: true }),
      },
    });
    return payload;
  });
}
