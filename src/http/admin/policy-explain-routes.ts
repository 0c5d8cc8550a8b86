import Type from 'typebox';
import type { UserAdministration } from '../../domain/accounts/user-administration.ts';
import type { PolicyOwner } from '../../domain/policy/change.ts';
import type { PolicyAdministration } from '../../domain/policy/policy-administration.ts';
import { stackedExplanation } from '../../domain/policy/resolve.ts';
import { SUBJECT_CLASSES } from '../../domain/policy/settings.ts';
import type { TypedApp } from '../typed-app.ts';
import { StackedSettingsSchema } from './explanation-schemas.ts';
import { AnsweredContextSchema, POLICY_CONTEXT_FIELDS, parsePolicyContext } from './policy-context.ts';
import { IdParams, ProblemSchema } from './schemas.ts';

const tags = ['policy'];
const errors = { 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema };

const EffectiveSchema = Type.Object({
  context: AnsweredContextSchema,
  version: Type.Integer(),
  settings: StackedSettingsSchema,
});

const InheritedSchema = Type.Object({
  subjectClasses: Type.Object(
    Object.fromEntries(SUBJECT_CLASSES.map((name) => [name, Type.Optional(StackedSettingsSchema)])),
    {
      additionalProperties: false,
      description: 'the subject classes that apply at the level: all four, or for a user their own',
    },
  ),
});

export interface PolicyExplainRouteDeps {
  policies: PolicyAdministration;
  users: UserAdministration;
}

/** The Explain page and the policy editor: effective values for a context, inherited values per level. */
export function registerPolicyExplainRoutes(
  app: TypedApp,
  { policies, users }: PolicyExplainRouteDeps,
): void {
  app.get(
    '/admin/v1/policy/effective',
    {
      schema: {
        tags,
        description:
          'every effective setting for a context: its value, the level that set it, any ceiling that ' +
          'clamped it, and the stack of every level on the path that says something about it',
        querystring: Type.Object(POLICY_CONTEXT_FIELDS),
        response: { 200: EffectiveSchema, ...errors },
      },
    },
    async (request) => {
      const { context, answered } = await parsePolicyContext(request.query, users);
      const { version, settings, stacks } = await policies.explain(context);
      return { context: answered, version, settings: stackedExplanation(settings, stacks) };
    },
  );

  const inherited = (level: string) => ({
    tags,
    description: `every setting per subject class as it would resolve at ${level} if its own document were empty`,
    response: { 200: InheritedSchema, ...errors },
  });
  const service = inherited('the service (defaults and configuration)');
  app.get('/admin/v1/service/policy/inherited', { schema: service }, () =>
    policies.inherited({ level: 'service' }),
  );
  const owned: [string, (id: string) => PolicyOwner, string][] = [
    ['tenants', (id) => ({ level: 'tenant', id }), 'a tenant (the service and its parent tenants)'],
    ['clients', (id) => ({ level: 'client', id }), 'a client (the service and its tenant chain)'],
    ['scopes', (id) => ({ level: 'scope', id }), 'a scope (the service only: scopes apply across tenants)'],
  ];
  for (const [collection, ownerOf, level] of owned) {
    const schema = { ...inherited(level), params: IdParams };
    app.get(`/admin/v1/${collection}/:id/policy/inherited`, { schema }, (request) =>
      policies.inherited(ownerOf(request.params.id)),
    );
  }
  app.get(
    '/admin/v1/users/:id/policy/inherited',
    {
      schema: {
        ...inherited(
          "a user (the service, the tenant chain and the subject-class blocks of the user's class)",
        ),
        params: IdParams,
      },
    },
    async (request) => policies.inherited({ level: 'user', id: request.params.id }),
  );
}
