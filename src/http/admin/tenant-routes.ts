import Type from 'typebox';
import type { TenantScopes } from '../../domain/admin/tenant-scopes.ts';
import type { TenantAdministration } from '../../domain/tenants/tenant-administration.ts';
import type { TypedApp } from '../typed-app.ts';
import { visibleTenantIds } from './authentication.ts';
import {
  IdParams,
  listOf,
  PageQuerySchema,
  ProblemSchema,
  TenantCreateSchema,
  TenantPatchSchema,
  TenantSchema,
  withWarnings as withWarningsSchema,
} from './schemas.ts';
import { page, tenantView, withWarnings } from './views.ts';

const tags = ['tenants'];
const errors = { 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

export function registerTenantRoutes(
  app: TypedApp,
  tenants: TenantAdministration,
  scopes: TenantScopes,
): void {
  app.post(
    '/admin/v1/tenants',
    {
      schema: {
        tags,
        body: TenantCreateSchema,
        response: { 201: withWarningsSchema(TenantSchema), ...errors },
      },
    },
    async (request, reply) => {
      const { tenant, warnings } = await tenants.create(request.body, request.actor);
      reply.code(201).header('location', `/admin/v1/tenants/${encodeURIComponent(tenant.id)}`);
      return withWarnings(tenantView(tenant), warnings);
    },
  );

  app.get(
    '/admin/v1/tenants',
    {
      schema: {
        tags,
        querystring: Type.Intersect([
          PageQuerySchema,
          Type.Object({ parentId: Type.Optional(Type.String()) }),
        ]),
        response: { 200: listOf(TenantSchema), 401: ProblemSchema },
      },
    },
    async (request) => {
      const { limit = 100, after, parentId } = request.query;
      const ids = await visibleTenantIds(request, scopes);
      const items = await tenants.list({
        limit,
        ...(after !== undefined && { after }),
        ...(parentId !== undefined && { parentId }),
        ...(ids !== undefined && { ids }),
      });
      return page(items, limit, (t) => t.id, tenantView);
    },
  );

  app.get(
    '/admin/v1/tenants/:id',
    { schema: { tags, params: IdParams, response: { 200: TenantSchema, ...errors } } },
    async (request) => tenantView(await tenants.get(request.params.id)),
  );

  app.patch(
    '/admin/v1/tenants/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: TenantPatchSchema,
        response: { 200: withWarningsSchema(TenantSchema), ...errors },
      },
    },
    async (request) => {
      const { tenant, warnings } = await tenants.update(request.params.id, request.body, request.actor);
      return withWarnings(tenantView(tenant), warnings);
    },
  );

  app.delete(
    '/admin/v1/tenants/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await tenants.delete(request.params.id);
      return reply.code(204).send(null);
    },
  );
}
