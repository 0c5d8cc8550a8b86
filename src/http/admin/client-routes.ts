import Type from 'typebox';
import type { TenantScopes } from '../../domain/admin/tenant-scopes.ts';
import type { ClientAdministration } from '../../domain/clients/client-administration.ts';
import type { TypedApp } from '../typed-app.ts';
import { visibleTenantIds } from './authentication.ts';
import {
  ClientCreateSchema,
  ClientPatchSchema,
  ClientSchema,
  IdParams,
  listOf,
  PageQuerySchema,
  ProblemSchema,
  withWarnings as withWarningsSchema,
} from './schemas.ts';
import { clientView, page, withWarnings } from './views.ts';

const tags = ['clients'];
const errors = { 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
const WithSecret = Type.Intersect([
  withWarningsSchema(ClientSchema),
  Type.Object({ clientSecret: Type.Optional(Type.String({ description: 'shown once; store it now' })) }),
]);

export function registerClientRoutes(
  app: TypedApp,
  clients: ClientAdministration,
  scopes: TenantScopes,
): void {
  app.post(
    '/admin/v1/clients',
    { schema: { tags, body: ClientCreateSchema, response: { 201: WithSecret, ...errors } } },
    async (request, reply) => {
      const { client, secret, warnings } = await clients.create(request.body, request.actor);
      reply.code(201).header('location', `/admin/v1/clients/${encodeURIComponent(client.id)}`);
      return {
        ...withWarnings(clientView(client), warnings),
        ...(secret !== undefined && { clientSecret: secret }),
      };
    },
  );

  app.get(
    '/admin/v1/clients',
    {
      schema: {
        tags,
        querystring: Type.Intersect([
          PageQuerySchema,
          Type.Object({
            tenantId: Type.Optional(Type.String()),
            search: Type.Optional(
              Type.String({
                maxLength: 200,
                description: 'only clients whose id or name contains this text (ASCII letters in any case)',
              }),
            ),
          }),
        ]),
        response: { 200: listOf(ClientSchema), 401: ProblemSchema },
      },
    },
    async (request) => {
      const { limit = 100, after, tenantId, search } = request.query;
      const tenantIds = await visibleTenantIds(request, scopes);
      const items = await clients.list({
        limit,
        ...(after !== undefined && { after }),
        ...(tenantId !== undefined && { tenantId }),
        ...(search !== undefined && { search }),
        ...(tenantIds !== undefined && { tenantIds }),
      });
      return page(items, limit, (c) => c.id, clientView);
    },
  );

  app.get(
    '/admin/v1/clients/:id',
    { schema: { tags, params: IdParams, response: { 200: ClientSchema, ...errors } } },
    async (request) => clientView(await clients.get(request.params.id)),
  );

  app.patch(
    '/admin/v1/clients/:id',
    { schema: { tags, params: IdParams, body: ClientPatchSchema, response: { 200: WithSecret, ...errors } } },
    async (request) => {
      const { client, secret, warnings } = await clients.update(
        request.params.id,
        request.body,
        request.actor,
      );
      return {
        ...withWarnings(clientView(client), warnings),
        ...(secret !== undefined && { clientSecret: secret }),
      };
    },
  );

  app.delete(
    '/admin/v1/clients/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await clients.delete(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/admin/v1/clients/:id/secret',
    {
      schema: {
        tags,
        description: 'issues a new client secret; the old one stops working at once',
        params: IdParams,
        response: { 200: WithSecret, ...errors },
      },
    },
    async (request) => {
      const { client, secret, warnings } = await clients.rotateSecret(request.params.id);
      return {
        ...withWarnings(clientView(client), warnings),
        ...(secret !== undefined && { clientSecret: secret }),
      };
    },
  );
}
