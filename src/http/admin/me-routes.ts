import Type from 'typebox';
import type { PolicyAdministration } from '../../domain/policy/policy-administration.ts';
import type { TypedApp } from '../typed-app.ts';
import { ProblemSchema } from './schemas.ts';
import { isoInstant } from './views.ts';

const NullableInstant = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const Limit = Type.Object({
  value: Type.Union([Type.Integer(), Type.Literal('none')], { description: 'seconds, or none' }),
  source: Type.Object(
    { level: Type.String(), id: Type.Optional(Type.String()) },
    { additionalProperties: true },
  ),
});

const MeSchema = Type.Object({
  actor: Type.String({ description: 'the name policy history and the audit log record for this caller' }),
  kind: Type.Unsafe<'admin-key' | 'administrator'>({ type: 'string', enum: ['admin-key', 'administrator'] }),
  administers: Type.Union([Type.String(), Type.Null()], {
    description: 'the tenant whose subtree the caller manages; null: the whole service',
  }),
  user: Type.Union([
    Type.Object({
      id: Type.String(),
      username: Type.Union([Type.String(), Type.Null()]),
      name: Type.Optional(Type.String()),
    }),
    Type.Null(),
  ]),
  session: Type.Union(
    [
      Type.Object({
        authTime: Type.String({ format: 'date-time' }),
        lastActiveAt: Type.String({ format: 'date-time' }),
        idleEndsAt: NullableInstant,
        maxEndsAt: NullableInstant,
        idleTimeout: Limit,
        maxLifetime: Limit,
      }),
      Type.Null(),
    ],
    {
      description:
        'the console session: it ends idleTimeout after the last call (each call is activity) or maxLifetime ' +
        'after sign-in; the values come from the policy of the administrators (class admin)',
    },
  ),
});

/** Who is calling: the console shows it, and when its own session will end (seed 004's inactivity timeout). */
export function registerMeRoutes(app: TypedApp, policies: PolicyAdministration): void {
  app.get(
    '/admin/v1/me',
    { schema: { tags: ['administrators'], response: { 200: MeSchema, 401: ProblemSchema } } },
    async (request) => {
      const { actor, scope, console: live } = request.administrator;
      const administers = scope.kind === 'service' ? null : scope.tenantId;
      if (!live) return { actor, kind: 'admin-key' as const, administers, user: null, session: null };
      const { user, session } = live;
      const { settings } = await policies.explain({
        tenantId: user.tenantId,
        subjectClass: user.subjectClass,
        scopes: [],
        user: { id: user.id, policy: user.policy },
      });
      return {
        actor,
        kind: 'administrator' as const,
        administers,
        user: {
          id: user.id,
          username: user.username,
          ...(user.profile.name !== undefined && { name: user.profile.name }),
        },
        session: {
          authTime: isoInstant(session.authTime),
          lastActiveAt: isoInstant(session.lastActiveAt),
          idleEndsAt: live.idleEndsAt === null ? null : isoInstant(live.idleEndsAt),
          maxEndsAt: live.maxEndsAt === null ? null : isoInstant(live.maxEndsAt),
          idleTimeout: { value: settings.sessionIdleTtl.value, source: settings.sessionIdleTtl.source },
          maxLifetime: { value: settings.sessionMaxTtl.value, source: settings.sessionMaxTtl.source },
        },
      };
    },
  );
}
