import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import type { PolicyOwner } from '../../domain/policy/change.ts';
import { documentTag } from '../../domain/policy/document-tag.ts';
import type { PolicyAdministration, PolicyView } from '../../domain/policy/policy-administration.ts';
import type { PolicyPreviews } from '../../domain/policy/policy-preview.ts';
import { PRESETS } from '../../domain/policy/presets.ts';
import type { TypedApp } from '../typed-app.ts';
import { parseIfMatch } from './if-match.ts';
import {
  type IdParams,
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
// RFC 9110 §13.1.1: saves honour If-Match; a stale one is answered 412 with what the level holds now
const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      description:
        'the ETag of the document the change is based on (or *, or a list of tags): else 412 and nothing changes',
    }),
  ),
});
// RFC 9110 §8.8.3: a strong validator of the stored document
const ETagHeader = {
  etag: {
    type: 'string',
    description: 'the tag of the document the level now stores (a dry run sends none)',
  },
} as const;
const withETag = <T extends object>(schema: T): T => ({ ...schema, headers: ETagHeader });
const PreconditionProblemSchema = Type.Object({
  ...ProblemSchema.properties,
  current: Type.Optional(
    Type.Object(
      {
        policy: PolicyDocumentSchema,
        etag: Type.String(),
        version: Type.Union([Type.Integer(), Type.Null()], {
          description: "the latest version in this level's history; null when it has none",
        }),
      },
      { description: 'what the level holds now' },
    ),
  ),
});
const saveErrors = { ...errors, 412: PreconditionProblemSchema };

const HistoryQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});

/** The same four routes for every level that owns a policy: read, replace, apply a preset, history. */
export function registerPolicyResource(
  app: TypedApp,
  { policies, previews }: { policies: PolicyAdministration; previews: PolicyPreviews },
  base: string,
  ownerOf: (params: { id?: string }) => PolicyOwner,
  params?: typeof IdParams,
): void {
  const withParams = params ? { params } : {};
  const saving = { tags, ...withParams, headers: IfMatchHeaders };
  app.get(
    `${base}/policy`,
    { schema: { tags, ...withParams, response: { 200: withETag(PolicyViewSchema), ...errors } } },
    async (request, reply) => tagged(reply, await policies.view(ownerOf(request.params as { id?: string }))),
  );
  // PUT and POST both replace the document; ?dryRun=true previews the change and stores nothing
  for (const method of ['put', 'post'] as const) {
    app[method](
      `${base}/policy`,
      {
        schema: {
          ...saving,
          querystring: DryRunQuery,
          body: PolicyDocumentSchema,
          response: {
            200: withETag(Type.Union([PolicyViewSchema, PolicyPreviewSchema])),
            ...saveErrors,
          },
        },
      },
      async (request, reply) => {
        const owner = ownerOf(request.params as { id?: string });
        const ifMatch = parseIfMatch(request.headers['if-match']);
        // a dry run stores nothing, so it has no new tag; a stale If-Match is refused all the same
        if (request.query.dryRun === true)
          return { dryRun: true as const, ...(await previews.preview(owner, request.body, ifMatch)) };
        return tagged(reply, await policies.save(owner, request.body, request.actor, ifMatch));
      },
    );
  }
  app.post(
    `${base}/policy/rollback`,
    {
      schema: {
        ...saving,
        description: 'restores the document this level had at a version of its history, as a new version',
        body: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: withETag(PolicyViewSchema), ...saveErrors },
      },
    },
    async (request, reply) => {
      const owner = ownerOf(request.params as { id?: string });
      const ifMatch = parseIfMatch(request.headers['if-match']);
      return tagged(reply, await policies.rollback(owner, request.body.version, request.actor, ifMatch));
    },
  );
  app.post(
    `${base}/policy/preset`,
    {
      schema: {
        ...saving,
        description: `applies a preset (${Object.keys(PRESETS).join(', ')}): its settings replace the level's, the rest stay`,
        body: PresetRequestSchema,
        response: { 200: withETag(PolicyViewSchema), ...saveErrors },
      },
    },
    async (request, reply) => {
      const owner = ownerOf(request.params as { id?: string });
      const ifMatch = parseIfMatch(request.headers['if-match']);
      return tagged(reply, await policies.applyPreset(owner, request.body.preset, request.actor, ifMatch));
    },
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

/** RFC 9110 §8.8.3: the answer carries the tag of the document the level now stores. */
function tagged(reply: FastifyReply, view: PolicyView): PolicyView {
  reply.header('etag', documentTag(view.policy));
  return view;
}
