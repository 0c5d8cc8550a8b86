import Type from 'typebox';
import type { TenantScopes } from '../../domain/admin/tenant-scopes.ts';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import { ValidationFailed } from '../../domain/errors.ts';
import type { TypedApp } from '../typed-app.ts';
import { visibleTenantIds } from './authentication.ts';
import { ProblemSchema } from './schemas.ts';
import { isoInstant } from './views.ts';

const AuditEventSchema = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actor: Type.String(),
  tenantId: Type.Union([Type.String(), Type.Null()]),
  subject: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  outcome: Type.String(),
  requestId: Type.Union([Type.String(), Type.Null()]),
  clientAddress: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});

const AuditQuerySchema = Type.Object({
  action: Type.Optional(Type.String()),
  actor: Type.Optional(Type.String()),
  tenantId: Type.Optional(Type.String()),
  subject: Type.Optional(Type.String()),
  outcome: Type.Optional(
    Type.Unsafe<'success' | 'failure'>({ type: 'string', enum: ['success', 'failure'] }),
  ),
  from: Type.Optional(Type.String({ description: 'RFC 3339: events at or after' })),
  to: Type.Optional(Type.String({ description: 'RFC 3339: events before' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  before: Type.Optional(Type.String({ description: 'the `next` cursor of the previous page' })),
});

function instantParameter(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const instant = Date.parse(value);
  if (Number.isNaN(instant))
    throw new ValidationFailed('the query is not valid', [
      { field, message: 'expected an RFC 3339 date-time' },
    ]);
  return instant;
}

function cursorOf(value: string | undefined): { at: number; id: string } | undefined {
  if (value === undefined) return undefined;
  const [at, id] = value.split('_');
  if (!at || !id || !/^\d+$/.test(at)) {
    throw new ValidationFailed('the query is not valid', [
      { field: 'before', message: 'not a cursor of this API' },
    ]);
  }
  return { at: Number(at), id };
}

/** The audit log, newest first, filtered and paged. */
export function registerAuditRoutes(app: TypedApp, audit: AuditLog, scopes: TenantScopes): void {
  app.get(
    '/admin/v1/audit',
    {
      schema: {
        tags: ['audit'],
        querystring: AuditQuerySchema,
        response: {
          200: Type.Object({
            items: Type.Array(AuditEventSchema),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
          400: ProblemSchema,
          401: ProblemSchema,
        },
      },
    },
    async (request) => {
      const { limit = 100, before, from, to, ...filters } = request.query;
      const tenantIds = await visibleTenantIds(request, scopes);
      const events = await audit.query({
        ...filters,
        tenantIds,
        from: instantParameter(from, 'from'),
        to: instantParameter(to, 'to'),
        before: cursorOf(before),
        limit,
      });
      const last = events.at(-1);
      return {
        items: events.map((event) => ({ ...event, at: isoInstant(event.at) })),
        next: events.length === limit && last ? `${last.at}_${last.id}` : null,
      };
    },
  );
}
