import type { User } from '../accounts/user.ts';
import type { LiveSession } from '../sessions/login-sessions.ts';

/**
 * What an administrator may manage: the whole service (admin keys and service administrators), or one tenant
 * and its sub-tenants (seed 000: a provider manages its customers and their sub-customers).
 */
export type AdminScope = { kind: 'service' } | { kind: 'tenant'; tenantId: string };

export const SERVICE_SCOPE: AdminScope = { kind: 'service' };

/** Who calls the management API: the name history and audit record, and what they may manage. */
export interface Administrator {
  actor: string;
  scope: AdminScope;
  /** The console administrator's session (and account), just used; absent for an admin key. */
  console?: LiveSession;
}

export const scopeOf = (user: User): AdminScope =>
  user.administers === null ? SERVICE_SCOPE : { kind: 'tenant', tenantId: user.administers };
