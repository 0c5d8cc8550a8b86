import { answered, api } from '../../api/client.ts';

/** What "expire all tokens" applies to: the whole service, a tenant with its sub-tenants, or one client. */
export type ExpiryTarget =
  | { level: 'service' }
  | { level: 'tenant'; id: string; name: string }
  | { level: 'client'; id: string; name: string };

export interface ExpiryImpact {
  liveRefreshFamilies: number;
  liveSessions: number;
}

/** "the whole service", "tenant Acme (acme)", "client Web (web)". */
export function targetInWords(target: ExpiryTarget): string {
  if (target.level === 'service') return 'the whole service';
  const named = target.name === '' || target.name === target.id ? target.id : `${target.name} (${target.id})`;
  return `${target.level} ${named}`;
}

/** What the administrator types to confirm: the level's id ("service" for the service). */
export const confirmationOf = (target: ExpiryTarget): string =>
  target.level === 'service' ? 'service' : target.id;

function call(target: ExpiryTarget, dryRun: boolean) {
  const query = dryRun ? { dryRun: true } : {};
  switch (target.level) {
    case 'service':
      return answered(api.POST('/admin/v1/service/expire-tokens', { params: { query } }));
    case 'tenant':
      return answered(
        api.POST('/admin/v1/tenants/{id}/expire-tokens', { params: { path: { id: target.id }, query } }),
      );
    case 'client':
      return answered(
        api.POST('/admin/v1/clients/{id}/expire-tokens', { params: { path: { id: target.id }, query } }),
      );
  }
}

/** The server's dry run: what lives under the level now, so what expiring it would end. Changes nothing. */
export async function impactOf(target: ExpiryTarget): Promise<ExpiryImpact> {
  const answer = await call(target, true);
  if (!('dryRun' in answer)) throw new Error('the server expired the tokens instead of answering a dry run');
  return { liveRefreshFamilies: answer.liveRefreshFamilies, liveSessions: answer.liveSessions };
}

/** Expires every token of the level issued until now; answers the instant from which tokens count again. */
export async function expire(target: ExpiryTarget): Promise<string> {
  const answer = await call(target, false);
  if (!('notBefore' in answer)) throw new Error('the server answered a dry run');
  return answer.notBefore;
}
