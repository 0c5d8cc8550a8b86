import type { Instant } from '../clock.ts';

/** A login form waiting for the user: the request it continues, and the token that guards its form (CSRF). */
export interface Interaction {
  id: string;
  kind: 'authorize' | 'device';
  clientId: string;
  /** The authorization request's parameters, or the user code. */
  parameters: Record<string, string>;
  csrfToken: string;
  expiresAt: Instant;
}
