import Type from 'typebox';
import type { ScopeAdministration } from '../../domain/scopes/scope-administration.ts';
import type { TypedApp } from '../typed-app.ts';
import {
  IdParams,
  ProblemSchema,
  ScopeCreateSchema,
  ScopePatchSchema,
  ScopeSchema,
  withWarnings as withWarningsSchema,
} from './schemas.ts';
import { scopeView, withWarnings } from './views.ts';

const tags = ['scopes'];
const errors = { 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

export function registerScopeRoutes(app: TypedApp, scopes: ScopeAdministration): void {
  app.post(
    '/admin/v1/scopes',
    {
      schema: {
        tags,
        body: ScopeCreateSchema,
        response: { 201: withWarningsSchema(ScopeSchema), ...errors },
      },
    },
    async (request, reply) => {
      const { scope, warnings } = await scopes.create(request.body, request.actor);
      reply.code(201).header('location', `/admin/v1/scopes/${encodeURIComponent(scope.name)}`);
      return withWarnings(scopeView(scope), warnings);
    },
  );

  app.get(
    '/admin/v1/scopes',
    {
      schema: {
        tags,
        response: { 200: Type.Object({ items: Type.Array(ScopeSchema) }), 401: ProblemSchema },
      },
    },
    async () => ({ items: (await scopes.list()).map(scopeView) }),
  );

  app.get(
    '/admin/v1/scopes/:id',
    { schema: { tags, params: IdParams, response: { 200: ScopeSchema, ...errors } } },
    async (request) => scopeView(await scopes.get(request.params.id)),
  );

  app.patch(
    '/admin/v1/scopes/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: ScopePatchSchema,
        response: { 200: withWarningsSchema(ScopeSchema), ...errors },
      },
    },
    async (request) => {
      const { scope, warnings } = await scopes.update(request.params.id, request.body, request.actor);
      return withWarnings(scopeView(scope), warnings);
    },
  );

  app.delete(
    '/admin/v1/scopes/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await scopes.delete(request.params.id);
      return reply.code(204).send(null);
    },
  );
}
