import Type from 'typebox';
import type { User } from '../../domain/accounts/user.ts';
import type { UserAdministration } from '../../domain/accounts/user-administration.ts';
import type { TenantScopes } from '../../domain/admin/tenant-scopes.ts';
import { ValidationFailed } from '../../domain/errors.ts';
import { auditContext } from '../audit-context.ts';
import type { TypedApp } from '../typed-app.ts';
import { visibleTenantIds } from './authentication.ts';
import {
  IdParams,
  listOf,
  PageQuerySchema,
  PolicyDocumentSchema,
  ProblemSchema,
  Warnings,
} from './schemas.ts';
import { registerUserLockRoutes } from './user-lock-routes.ts';
import { registerUserSignInRoutes } from './user-sign-in-routes.ts';
import { isoInstant, page, userView } from './views.ts';

const tags = ['users'];
const errors = { 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
const SubjectClass = Type.Unsafe<'user' | 'admin' | 'anonymous'>({
  type: 'string',
  enum: ['user', 'admin', 'anonymous'],
});
const Profile = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    email: Type.Optional(Type.String({ maxLength: 320 })),
    email_verified: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const Instant = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const Administers = Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Null()], {
  description:
    'a console administrator (class admin in the service tenant): the tenant whose subtree they manage, ' +
    'or null for the whole service; null for everyone else',
});
/** Checked by `instantOf`, so that a bad value gets one clear problem. */
const InstantInput = Type.Unknown({ description: 'an RFC 3339 date-time, or null for none' });

const UserSchema = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  username: Type.Union([Type.String(), Type.Null()]),
  subjectClass: Type.String(),
  hasPassword: Type.Boolean(),
  validUntil: Instant,
  profile: Profile,
  policy: PolicyDocumentSchema,
  accessNotBefore: Instant,
  refreshNotBefore: Instant,
  lockedForSecurityReasons: Type.Boolean({ description: 'locked by the brute-force lockout (seed 004)' }),
  lockedUntil: Type.Union([Type.String(), Type.Null()], {
    description: 'lock time + the current user lock duration',
  }),
  administers: Administers,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const UserCreate = Type.Object(
  {
    tenantId: Type.String({ minLength: 1, maxLength: 128 }),
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    subjectClass: Type.Optional(SubjectClass),
    validUntil: Type.Optional(InstantInput),
    profile: Type.Optional(Profile),
    policy: Type.Optional(PolicyDocumentSchema),
    administers: Type.Optional(Administers),
  },
  { additionalProperties: false },
);
const UserPatch = Type.Object(
  {
    username: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
    lockedForSecurityReasons: Type.Optional(Type.Boolean({ description: 'false unlocks the user' })),
    subjectClass: Type.Optional(SubjectClass),
    validUntil: Type.Optional(InstantInput),
    profile: Type.Optional(Profile),
    policy: Type.Optional(PolicyDocumentSchema),
    administers: Type.Optional(Administers),
  },
  { additionalProperties: false },
);

/** "2026-01-01T00:00:00Z" → epoch ms; null stays null (no end). */
function instantOf(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return value;
  // RFC 3339 date-time with a time zone
  const valid =
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value);
  const instant = valid ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(instant)) {
    throw new ValidationFailed('the user is not valid', [
      { field: 'validUntil', message: 'expected an RFC 3339 date-time' },
    ]);
  }
  return instant;
}

export function registerUserRoutes(app: TypedApp, users: UserAdministration, scopes: TenantScopes): void {
  const view = async (user: User) => userView(user, await users.lock(user));
  const withWarnings = Type.Intersect([UserSchema, Type.Object({ warnings: Warnings })]);

  app.post(
    '/admin/v1/users',
    { schema: { tags, body: UserCreate, response: { 201: withWarnings, ...errors } } },
    async (request, reply) => {
      const { validUntil, ...rest } = request.body;
      const { user, warnings } = await users.create({ ...rest, validUntil: instantOf(validUntil) });
      reply.code(201).header('location', `/admin/v1/users/${user.id}`);
      return { ...(await view(user)), warnings };
    },
  );

  app.get(
    '/admin/v1/users',
    {
      schema: {
        tags,
        querystring: Type.Intersect([
          PageQuerySchema,
          Type.Object({
            tenantId: Type.Optional(Type.String()),
            username: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 200,
                description: 'only users whose username begins with this, ignoring case where the store can',
              }),
            ),
          }),
        ]),
        response: { 200: listOf(UserSchema), 401: ProblemSchema },
      },
    },
    async (request) => {
      const { limit = 100, after, tenantId, username } = request.query;
      const tenantIds = await visibleTenantIds(request, scopes);
      const items = await users.list({
        limit,
        ...(after !== undefined && { after }),
        ...(tenantId !== undefined && { tenantId }),
        ...(tenantIds !== undefined && { tenantIds }),
        ...(username !== undefined && { usernamePrefix: username }),
      });
      const views = await Promise.all(items.map(view));
      return {
        items: views,
        next: page(
          items,
          limit,
          (u) => u.id,
          (u) => u,
        ).next,
      };
    },
  );

  app.get(
    '/admin/v1/users/:id',
    { schema: { tags, params: IdParams, response: { 200: UserSchema, ...errors } } },
    async (request) => view(await users.get(request.params.id)),
  );

  app.patch(
    '/admin/v1/users/:id',
    { schema: { tags, params: IdParams, body: UserPatch, response: { 200: withWarnings, ...errors } } },
    async (request) => {
      const { validUntil, ...rest } = request.body;
      const { user, warnings } = await users.update(
        request.params.id,
        { ...rest, ...(validUntil !== undefined && { validUntil: instantOf(validUntil) }) },
        auditContext(request),
      );
      return { ...(await view(user)), warnings };
    },
  );

  app.delete(
    '/admin/v1/users/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await users.delete(request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/admin/v1/users/:id/password',
    {
      schema: {
        tags,
        description: "sets the user's password; the policy's password-change rules revoke tokens",
        params: IdParams,
        body: Type.Object(
          { password: Type.String({ minLength: 1, maxLength: 1024 }) },
          { additionalProperties: false },
        ),
        response: { 200: UserSchema, ...errors },
      },
    },
    async (request) => view(await users.setPassword(request.params.id, request.body.password)),
  );

  app.post(
    '/admin/v1/users/:id/expire-tokens',
    {
      schema: {
        tags,
        description: 'ends every access and refresh token of the user issued until now',
        params: IdParams,
        response: { 200: Type.Object({ notBefore: Type.String() }), ...errors },
      },
    },
    async (request) => ({ notBefore: isoInstant(await users.expireTokens(request.params.id)) }),
  );

  registerUserLockRoutes(app, users);
  registerUserSignInRoutes(app, users);
}
