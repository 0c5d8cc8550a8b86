import Type from 'typebox';
import type { UserAdministration } from '../../domain/accounts/user-administration.ts';
import type { ServiceAdministration } from '../../domain/admin/service-administration.ts';
import { ValidationFailed } from '../../domain/errors.ts';
import type { PolicyOwner } from '../../domain/policy/change.ts';
import type { PolicyDocument } from '../../domain/policy/document.ts';
import type { PolicyAdministration } from '../../domain/policy/policy-administration.ts';
import type { PolicyPreviews } from '../../domain/policy/policy-preview.ts';
import { PRESETS } from '../../domain/policy/presets.ts';
import { SUBJECT_CLASSES, type SubjectClass } from '../../domain/policy/settings.ts';
import type { TypedApp } from '../typed-app.ts';
import {
  IdParams,
  PolicyDocumentSchema,
  PolicyViewSchema,
  PresetRequestSchema,
  ProblemSchema,
  Warnings,
} from './schemas.ts';
import { isoInstant } from './views.ts';

const tags = ['policy'];
const errors = { 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema };

const HistorySchema = Type.Object({
  items: Type.Array(
    Type.Object({
      version: Type.Integer(),
      actor: Type.String(),
      at: Type.String(),
      before: PolicyDocumentSchema,
      after: PolicyDocumentSchema,
    }),
  ),
});
const DryRunQuery = Type.Object({
  dryRun: Type.Optional(
    Type.Boolean({ description: 'true: answer what the change would do, store nothing' }),
  ),
});
const Explained = Type.Unknown({ description: 'value, source, clampedBy?, ceiling?' });
const PolicyPreviewSchema = Type.Object({
  dryRun: Type.Literal(true),
  policy: PolicyDocumentSchema,
  warnings: Warnings,
  changes: Type.Array(
    Type.Object({ subjectClass: Type.String(), setting: Type.String(), before: Explained, after: Explained }),
  ),
  invalidatesTokens: Type.Boolean({
    description: 'the change would end every current token under the level',
  }),
  liveRefreshFamilies: Type.Integer({ description: 'ended by the change, or else keeping their own expiry' }),
  liveSessions: Type.Integer(),
});
const HistoryQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});

/** The same four routes for every level that owns a policy: read, replace, apply a preset, history. */
function registerPolicyResource(
  app: TypedApp,
  { policies, previews }: { policies: PolicyAdministration; previews: PolicyPreviews },
  base: string,
  ownerOf: (params: { id?: string }) => PolicyOwner,
  params?: typeof IdParams,
): void {
  const withParams = params ? { params } : {};
  app.get(
    `${base}/policy`,
    { schema: { tags, ...withParams, response: { 200: PolicyViewSchema, ...errors } } },
    async (request) => policies.view(ownerOf(request.params as { id?: string })),
  );
  // PUT and POST both replace the document; ?dryRun=true previews the change and stores nothing
  for (const method of ['put', 'post'] as const) {
    app[method](
      `${base}/policy`,
      {
        schema: {
          tags,
          ...withParams,
          querystring: DryRunQuery,
          body: PolicyDocumentSchema,
          response: { 200: Type.Union([PolicyViewSchema, PolicyPreviewSchema]), ...errors },
        },
      },
      async (request) => {
        const owner = ownerOf(request.params as { id?: string });
        if (request.query.dryRun === true)
          return { dryRun: true as const, ...(await previews.preview(owner, request.body)) };
        return policies.save(owner, request.body, request.actor);
      },
    );
  }
  app.post(
    `${base}/policy/rollback`,
    {
      schema: {
        tags,
        description: 'restores the document this level had at a version of its history, as a new version',
        ...withParams,
        body: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: PolicyViewSchema, ...errors },
      },
    },
    async (request) =>
      policies.rollback(ownerOf(request.params as { id?: string }), request.body.version, request.actor),
  );
  app.post(
    `${base}/policy/preset`,
    {
      schema: {
        tags,
        description: `applies a preset (${Object.keys(PRESETS).join(', ')}): its settings replace the level's, the rest stay`,
        ...withParams,
        body: PresetRequestSchema,
        response: { 200: PolicyViewSchema, ...errors },
      },
    },
    async (request) =>
      policies.applyPreset(ownerOf(request.params as { id?: string }), request.body.preset, request.actor),
  );
  app.get(
    `${base}/policy/history`,
    {
      schema: { tags, ...withParams, querystring: HistoryQuery, response: { 200: HistorySchema, ...errors } },
    },
    async (request) => {
      const versions = await policies.history(
        ownerOf(request.params as { id?: string }),
        request.query.limit ?? 50,
      );
      return {
        items: versions.map((v) => ({
          version: v.version,
          actor: v.actor,
          at: isoInstant(v.at),
          before: v.before,
          after: v.after,
        })),
      };
    },
  );
}

const EffectiveQuery = Type.Object({
  tenantId: Type.Optional(Type.String()),
  clientId: Type.Optional(Type.String()),
  subjectClass: Type.Optional(
    Type.String({
      description: `${SUBJECT_CLASSES.join(', ')}; the user's own class with userId, else user`,
    }),
  ),
  scope: Type.Optional(Type.String({ description: 'space-separated scopes' })),
  userId: Type.Optional(
    Type.String({ description: 'a user: their tenant, subject class and own overrides' }),
  ),
});

const ExplainedSchema = Type.Object(
  {
    value: Type.Unknown(),
    source: Type.Unknown(),
    clampedBy: Type.Optional(Type.Unknown()),
    ceiling: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);

export interface PolicyRouteDeps {
  policies: PolicyAdministration;
  previews: PolicyPreviews;
  users: UserAdministration;
  service: ServiceAdministration;
  configured: PolicyDocument;
}

export function registerPolicyRoutes(
  app: TypedApp,
  { policies, previews, users, service, configured }: PolicyRouteDeps,
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

  app.post(
    '/admin/v1/service/expire-tokens',
    {
      schema: {
        tags,
        description: 'ends every token of the service issued until now',
        response: { 200: Type.Object({ notBefore: Type.String() }), 401: ProblemSchema },
      },
    },
    async () => ({ notBefore: isoInstant(await service.expireTokens()) }),
  );

  app.get(
    '/admin/v1/policy/effective',
    {
      schema: {
        tags,
        description:
          'every effective setting for a context, with the level that set it and any ceiling that clamped it',
        querystring: EffectiveQuery,
        response: {
          200: Type.Object({
            context: Type.Object({
              tenantId: Type.Optional(Type.String()),
              clientId: Type.Optional(Type.String()),
              userId: Type.Optional(Type.String()),
              subjectClass: Type.String(),
              scopes: Type.Array(Type.String()),
            }),
            version: Type.Integer(),
            settings: Type.Record(Type.String(), ExplainedSchema),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { clientId, scope, userId } = request.query;
      const user = userId === undefined ? undefined : await users.get(userId);
      const tenantId = request.query.tenantId ?? user?.tenantId;
      const subjectClass = parseSubjectClass(request.query.subjectClass ?? user?.subjectClass ?? 'user');
      const scopes = (scope ?? '').split(' ').filter((s) => s !== '');
      const context = {
        tenantId,
        clientId,
        subjectClass,
        scopes,
        user: user && { id: user.id, policy: user.policy },
      };
      const { version, settings } = await policies.explain(context);
      return {
        context: {
          ...(tenantId !== undefined && { tenantId }),
          ...(clientId !== undefined && { clientId }),
          ...(userId !== undefined && { userId }),
          subjectClass,
          scopes,
        },
        version,
        settings,
      };
    },
  );

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

function parseSubjectClass(value: string): SubjectClass {
  if ((SUBJECT_CLASSES as readonly string[]).includes(value)) return value as SubjectClass;
  throw new ValidationFailed('unknown subject class', [
    { field: 'subjectClass', message: `expected one of ${SUBJECT_CLASSES.join(', ')}` },
  ]);
}
