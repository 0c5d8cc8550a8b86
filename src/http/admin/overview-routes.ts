import Type from 'typebox';
import {
  OVERVIEW_LEVELS_LINTED,
  OVERVIEW_LOCK_EVENTS_READ,
  type Overviews,
} from '../../domain/admin/overview.ts';
import type { KeyRing } from '../../domain/keys/key-ring.ts';
import type { TypedApp } from '../typed-app.ts';
import { KeySchema } from './key-routes.ts';
import { ProblemSchema, WarningSchema } from './schemas.ts';
import { isoInstant, signingKeyView } from './views.ts';

const Instant = Type.String({ format: 'date-time' });
const OverviewSchema = Type.Object({
  from: Instant,
  to: Instant,
  liveRefreshFamilies: Type.Integer({ description: 'refresh-token families that can still refresh' }),
  liveSessions: Type.Integer({ description: 'login sessions not ended' }),
  lockedUsers: Type.Integer({
    description: `users locked now by the brute-force lockout (among the users of the last ${OVERVIEW_LOCK_EVENTS_READ} lock events)`,
  }),
  tokensIssued: Type.Array(Type.Object({ hour: Instant, grantType: Type.String(), count: Type.Integer() }), {
    description: 'access tokens issued per hour and grant (first-party:<method> for the first-party API)',
  }),
  failedLogins: Type.Array(Type.Object({ hour: Instant, count: Type.Integer() })),
  warnings: Type.Array(
    Type.Intersect([
      WarningSchema,
      Type.Object({
        level: Type.Object(
          { level: Type.String(), id: Type.Optional(Type.String()) },
          {
            description: 'the level whose policy shows the warning',
          },
        ),
      }),
    ]),
    {
      description: `policy lint of every level in reach (up to ${OVERVIEW_LEVELS_LINTED} tenants and clients)`,
    },
  ),
  keys: Type.Union([Type.Array(KeySchema), Type.Null()], {
    description: 'the signing keys (service administrators only)',
  }),
});

/** The console's first page: the state of what the caller administers. */
export function registerOverviewRoutes(app: TypedApp, overviews: Overviews, keys: KeyRing): void {
  app.get(
    '/admin/v1/overview',
    {
      schema: {
        tags: ['administrators'],
        querystring: Type.Object({
          hours: Type.Optional(
            Type.Integer({ minimum: 1, maximum: 720, default: 24, description: 'the hours shown' }),
          ),
        }),
        response: { 200: OverviewSchema, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (request) => {
      const { scope } = request.administrator;
      const overview = await overviews.of(scope, request.query.hours ?? 24);
      return {
        from: isoInstant(overview.from),
        to: isoInstant(overview.to),
        liveRefreshFamilies: overview.liveRefreshFamilies,
        liveSessions: overview.liveSessions,
        lockedUsers: overview.lockedUsers,
        tokensIssued: overview.tokensIssued.map((c) => ({
          hour: isoInstant(c.hour),
          grantType: c.key,
          count: c.count,
        })),
        failedLogins: overview.failedLogins.map((c) => ({ hour: isoInstant(c.hour), count: c.count })),
        warnings: overview.warnings,
        keys: scope.kind === 'service' ? keys.list().map(signingKeyView) : null,
      };
    },
  );
}
