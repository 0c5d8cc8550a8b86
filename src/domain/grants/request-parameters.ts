import type { Client } from '../clients/client.ts';
import { InvalidRequest, InvalidScope } from '../errors.ts';

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * The scopes granted for a `scope` parameter: the requested ones when the client may have them all, the
 * client's registered scopes when none is requested (RFC 6749 §3.3 allows a pre-defined default).
 */
export function grantedScopes(client: Client, requested: string | undefined): string[] {
  if (requested === undefined || requested.trim() === '') return [...client.scopes];
  const scopes = [...new Set(requested.split(' ').filter((s) => s !== ''))];
  const malformed = scopes.find((s) => !SCOPE_TOKEN.test(s));
  if (malformed !== undefined) throw new InvalidScope('scope is malformed');
  const refused = scopes.filter((s) => !client.scopes.includes(s));
  if (refused.length > 0) throw new InvalidScope(`scope not allowed for this client: ${refused.join(' ')}`);
  return scopes;
}

/** The optional `expires_in` a client may ask for: a positive whole number of seconds. */
export function requestedExpiresIn(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,9}$/.test(value))
    throw new InvalidRequest('expires_in must be a positive whole number of seconds');
  return Number(value);
}
