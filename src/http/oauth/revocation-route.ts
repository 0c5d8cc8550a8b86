import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../domain/audit/audit-log.ts';
import type { ClientAuthentication } from '../../domain/clients/client-authentication.ts';
import type { Revocation } from '../../domain/tokens/revocation.ts';
import { auditContext } from '../audit-context.ts';
import { noStore } from './no-store.ts';
import { confidentialCredentials, formOf, requiredParameter } from './request.ts';

export interface RevocationRouteDeps {
  clientAuthentication: ClientAuthentication;
  revocation: Revocation;
  audit: AuditLog;
}

/** RFC 7009 token revocation: 200 with an empty body, also for unknown tokens (§2.2). */
export function registerRevocationRoute(app: FastifyInstance, deps: RevocationRouteDeps): void {
  app.post('/oauth2/revoke', async (request, reply) => {
    const form = formOf(request);
    const caller = await deps.clientAuthentication.authenticate(confidentialCredentials(request, form));
    const token = requiredParameter(form, 'token');
    // token_type_hint only orders the search (§2.1): every type is searched, so an unknown hint is ignored
    const revoked = await deps.revocation.revoke(token, caller, form.get('token_type_hint'));
    if (revoked) {
      await deps.audit.record(
        { ...auditContext(request), actor: `client:${caller.id}` },
        {
          action: 'token.revoked',
          outcome: 'success',
          tenantId: revoked.tenantId,
          subject: revoked.subject,
          details: revoked.details,
        },
      );
    }
    noStore(reply);
    return reply.code(200).send();
  });
}
