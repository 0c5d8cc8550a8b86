import Type from 'typebox';
import type { UserAdministration } from '../../domain/accounts/user-administration.ts';
import type { PolicyDocument } from '../../domain/policy/document.ts';
import type { PolicyAdministration } from '../../domain/policy/policy-administration.ts';
import type { PolicyPreviews } from '../../domain/policy/policy-preview.ts';
import { PRESETS } from '../../domain/policy/presets.ts';
import type { TypedApp } from '../typed-app.ts';
import { registerPolicyExplainRoutes } from './policy-explain-routes.ts';
import { registerPolicyResource } from './policy-resource-routes.ts';
import { IdParams, PolicyDocumentSchema, ProblemSchema } from './schemas.ts';

const tags = ['policy'];

export interface PolicyRouteDeps {
  policies: PolicyAdministration;
  previews: PolicyPreviews;
  users: UserAdministration;
  configured: PolicyDocument;
}

export function registerPolicyRoutes(
  app: TypedApp,
  { policies, previews, users, configured }: PolicyRouteDeps,
): void {
  registerPolicyResource(app, { policies, previews }, '/admin/v1/service', () => ({ level: 'service' }));
  registerPolicyResource(
    app,
    { policies, previews },
    '/admin/v1/tenants/:id',
    (p) => ({ level: 'tenant', id: p.id ?? '' }),
    IdParams,
  );
  registerPolicyResource(
    app,
    { policies, previews },
    '/admin/v1/clients/:id',
    (p) => ({ level: 'client', id: p.id ?? '' }),
    IdParams,
  );
  registerPolicyResource(
    app,
    { policies, previews },
    '/admin/v1/users/:id',
    (p) => ({ level: 'user', id: p.id ?? '' }),
    IdParams,
  );
  registerPolicyResource(
    app,
    { policies, previews },
    '/admin/v1/scopes/:id',
    (p) => ({ level: 'scope', id: p.id ?? '' }),
    IdParams,
  );

  app.get(
    '/admin/v1/service/configuration',
    {
      schema: {
        tags,
        description: 'the service policy set by environment variables and the config file (read-only)',
        response: { 200: Type.Object({ policy: PolicyDocumentSchema }), 401: ProblemSchema },
      },
    },
    async () => ({ policy: configured }),
  );

  registerPolicyExplainRoutes(app, { policies, users });

  app.get(
    '/admin/v1/policy/presets',
    {
      schema: {
        tags,
        response: {
          200: Type.Object({
            presets: Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown())),
          }),
          401: ProblemSchema,
        },
      },
    },
    async () => ({ presets: PRESETS }),
  );
}
