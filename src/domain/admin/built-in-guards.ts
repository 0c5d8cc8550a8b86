import type { Client } from '../clients/client.ts';
import { Conflict, ValidationFailed } from '../errors.ts';
import { CONSOLE_CLIENT_ID, SERVICE_TENANT_ID } from './built-ins.ts';

/**
 * What an operator may not do to the built-ins: the console signs in through its client and its administrators
 * live in the service tenant, so neither may go, move, or change how it authenticates. Their names and
 * policies are the operator's to change like any other.
 */
export function guardTenantParent(id: string, parentId: string | null, field = 'parentId'): void {
  if (parentId === SERVICE_TENANT_ID) {
    throw new ValidationFailed('the tenant is not valid', [
      {
        field,
        message: `tenant ${SERVICE_TENANT_ID} holds the console's administrators; it has no sub-tenants`,
      },
    ]);
  }
  if (id === SERVICE_TENANT_ID && parentId !== null) {
    throw new ValidationFailed('the tenant is not valid', [
      { field, message: `tenant ${SERVICE_TENANT_ID} is the service's own and stays a root` },
    ]);
  }
}

export function guardTenantDeletion(id: string): void {
  if (id === SERVICE_TENANT_ID) {
    throw new Conflict(
      `tenant ${SERVICE_TENANT_ID} holds the console and its administrators; it cannot be deleted`,
    );
  }
}

export function guardClientDeletion(id: string): void {
  if (id === CONSOLE_CLIENT_ID)
    throw new Conflict(`client ${CONSOLE_CLIENT_ID} is the console's; it cannot be deleted`);
}

/** The console's client stays a public client of the code flow with refresh (its redirect URIs may grow). */
export function guardClientRegistration(current: Client, next: Client): void {
  if (current.id !== CONSOLE_CLIENT_ID) return;
  const same =
    next.tokenEndpointAuthMethod === current.tokenEndpointAuthMethod &&
    next.grantTypes.length === current.grantTypes.length &&
    next.grantTypes.every((grant) => current.grantTypes.includes(grant));
  if (!same) {
    throw new Conflict(
      `client ${CONSOLE_CLIENT_ID} is the console's: its grant types and authentication method are fixed`,
    );
  }
}
