import Type from 'typebox';
import type { UserAdministration } from '../../domain/accounts/user-administration.ts';
import { auditContext } from '../audit-context.ts';
import type { TypedApp } from '../typed-app.ts';
import { Id, IdParams, listOf, PageQuerySchema } from './schemas.ts';
import { userErrors as errors, OptionalInstant } from './user-schemas.ts';
import { isoInstant, isoOrNull } from './views.ts';

const tags = ['users'];

const LoginSessionSchema = Type.Object({
  id: Type.String(),
  createdAt: Type.String({ format: 'date-time', description: 'the login that began the session' }),
  lastActiveAt: Type.String({ format: 'date-time' }),
  idleEndsAt: OptionalInstant('lastActiveAt + sessionIdleTtl: the end unless used again; null: no idle end'),
  maxEndsAt: OptionalInstant('createdAt + sessionMaxTtl: the end whatever happens; null: no maximum'),
});

const RefreshFamilySchema = Type.Object({
  id: Type.String({ description: "the family's grant" }),
  clientId: Type.String(),
  scopes: Type.Array(Type.String()),
  sessionId: Type.Union([Type.String(), Type.Null()], { description: 'the login session that created it' }),
  authTime: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  absoluteEndsAt: OptionalInstant('the end of the family, which no rotation extends; null: none'),
  currentTokenIssuedAt: Type.String({ format: 'date-time' }),
  currentTokenEndsAt: OptionalInstant("the current refresh token's own end; null: none"),
});

const SessionParams = Type.Object({ id: Id, sessionId: Id });
const FamilyParams = Type.Object({ id: Id, familyId: Id });

/** A user's live login sessions and refresh-token families, and their ends. */
export function registerUserSignInRoutes(app: TypedApp, users: UserAdministration): void {
  app.get(
    '/admin/v1/users/:id/sessions',
    {
      schema: {
        tags,
        description: "the user's login sessions (browser SSO) still alive, by id",
        params: IdParams,
        querystring: PageQuerySchema,
        response: { 200: listOf(LoginSessionSchema), ...errors },
      },
    },
    async (request) => {
      const { limit = 100, after } = request.query;
      const user = await users.get(request.params.id);
      const page = await users.signIns.sessions(user, { limit, ...(after !== undefined && { after }) });
      return {
        items: page.items.map((session) => ({
          id: session.id,
          createdAt: isoInstant(session.authTime),
          lastActiveAt: isoInstant(session.lastActiveAt),
          idleEndsAt: isoOrNull(session.idleEndsAt),
          maxEndsAt: isoOrNull(session.maxEndsAt),
        })),
        next: page.next,
      };
    },
  );

  app.delete(
    '/admin/v1/users/:id/sessions/:sessionId',
    {
      schema: {
        tags,
        description:
          'ends the login session as a logout does: the browser must log in again and the grants the session ' +
          "created are revoked (every token of the user too under the policy's revokeAllOnLogout)",
        params: SessionParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const user = await users.get(request.params.id);
      await users.signIns.endSession(user, request.params.sessionId, auditContext(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/admin/v1/users/:id/refresh-families',
    {
      schema: {
        tags,
        description: "the user's refresh-token families still alive (one per grant), by id",
        params: IdParams,
        querystring: PageQuerySchema,
        response: { 200: listOf(RefreshFamilySchema), ...errors },
      },
    },
    async (request) => {
      const { limit = 100, after } = request.query;
      const user = await users.get(request.params.id);
      const page = await users.signIns.refreshFamilies(user, {
        limit,
        ...(after !== undefined && { after }),
      });
      return {
        items: page.items.map((family) => ({
          id: family.id,
          clientId: family.clientId,
          scopes: family.scopes,
          sessionId: family.sessionId,
          authTime: isoInstant(family.authTime),
          createdAt: isoInstant(family.createdAt),
          absoluteEndsAt: isoOrNull(family.absoluteEndsAt),
          currentTokenIssuedAt: isoInstant(family.currentTokenIssuedAt),
          currentTokenEndsAt: isoOrNull(family.currentTokenEndsAt),
        })),
        next: page.next,
      };
    },
  );

  app.delete(
    '/admin/v1/users/:id/refresh-families/:familyId',
    {
      schema: {
        tags,
        description:
          'revokes the family as RFC 7009 §2.1 revokes a refresh token: its refresh token and the access ' +
          'tokens of its grant stop working; a family already revoked stays so (§2.2)',
        params: FamilyParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const user = await users.get(request.params.id);
      await users.signIns.revokeFamily(user, request.params.familyId, auditContext(request));
      return reply.code(204).send(null);
    },
  );
}
