import Type from 'typebox';
import type { ServiceAdministration } from '../../domain/admin/service-administration.ts';
import type { ClientAdministration } from '../../domain/clients/client-administration.ts';
import type { Instant } from '../../domain/clock.ts';
import type { PolicyOwner } from '../../domain/policy/change.ts';
import type { PolicyPreviews } from '../../domain/policy/policy-preview.ts';
import type { TenantAdministration } from '../../domain/tenants/tenant-administration.ts';
import type { TypedApp } from '../typed-app.ts';
import { IdParams, ProblemSchema } from './schemas.ts';
import { isoInstant } from './views.ts';

const Expired = Type.Object({ notBefore: Type.String({ format: 'date-time' }) });
const ExpiryPreview = Type.Object({
  dryRun: Type.Literal(true),
  liveRefreshFamilies: Type.Integer({ description: 'refresh-token families under the level that would end' }),
  liveSessions: Type.Integer({ description: 'login sessions under the level that would end' }),
});
const DryRunQuery = Type.Object({
  dryRun: Type.Optional(Type.Boolean({ description: 'true: answer what would end, change nothing' })),
});

export interface ExpireTokensDeps {
  service: ServiceAdministration;
  tenants: TenantAdministration;
  clients: ClientAdministration;
  previews: PolicyPreviews;
}

/**
 * "Expire all tokens" of the service, a tenant (and its sub-tenants) or a client: the level's not-before moves to
 * now, in O(1). `?dryRun=true` answers what lives under the level now (what would end), and changes nothing.
 */
export function registerExpireTokensRoutes(app: TypedApp, deps: ExpireTokensDeps): void {
  const levels: Array<{
    path: string;
    tags: string[];
    description: string;
    ownerOf: (id: string) => PolicyOwner;
    /** The dry run's 404 for what does not exist, as the expiry itself answers. */
    exists: (id: string) => Promise<unknown>;
    /** A login session is the user's, not one client's: a client's expiry leaves sessions alone. */
    endsSessions: boolean;
    expire: (id: string) => Promise<Instant>;
  }> = [
    {
      path: '/admin/v1/service/expire-tokens',
      tags: ['policy'],
      description: 'ends every token of the service issued until now',
      ownerOf: () => ({ level: 'service' }),
      exists: async () => undefined,
      endsSessions: true,
      expire: () => deps.service.expireTokens(),
    },
    {
      path: '/admin/v1/tenants/:id/expire-tokens',
      tags: ['tenants'],
      description: 'ends every token of the tenant and its sub-tenants issued until now',
      ownerOf: (id) => ({ level: 'tenant', id }),
      exists: (id) => deps.tenants.get(id),
      endsSessions: true,
      expire: (id) => deps.tenants.expireTokens(id),
    },
    {
      path: '/admin/v1/clients/:id/expire-tokens',
      tags: ['clients'],
      description: 'ends every token issued to the client until now',
      ownerOf: (id) => ({ level: 'client', id }),
      exists: (id) => deps.clients.get(id),
      endsSessions: false,
      expire: (id) => deps.clients.expireTokens(id),
    },
  ];
  for (const level of levels) {
    const service = level.path.startsWith('/admin/v1/service');
    app.post(
      level.path,
      {
        schema: {
          tags: level.tags,
          description: level.description,
          ...(service ? {} : { params: IdParams }),
          querystring: DryRunQuery,
          response: {
            200: Type.Union([Expired, ExpiryPreview]),
            400: ProblemSchema,
            401: ProblemSchema,
            ...(service ? {} : { 404: ProblemSchema }),
          },
        },
      },
      async (request) => {
        const id = (request.params as { id?: string }).id ?? '';
        if (request.query.dryRun === true) {
          await level.exists(id);
          const live = await deps.previews.liveUnder(level.ownerOf(id));
          return {
            dryRun: true as const,
            liveRefreshFamilies: live.refreshFamilies,
            liveSessions: level.endsSessions ? live.sessions : 0,
          };
        }
        return { notBefore: isoInstant(await level.expire(id)) };
      },
    );
  }
}
