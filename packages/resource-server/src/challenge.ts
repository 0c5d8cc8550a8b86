import type { AccessToken, BearerErrorCode, VerificationFailure } from './types.ts';

interface Challenge {
  realm: string | undefined;
  error?: BearerErrorCode;
  description?: string;
  scope?: string;
}

/**
 * RFC 6750 §3: `Bearer` followed by auth-params as quoted strings. Descriptions are fixed texts of this package,
 * within the §3 character set (no `"` or `\`), so quoting them needs no escapes.
 */
export function wwwAuthenticate({ realm, error, description, scope }: Challenge): string {
  const params: string[] = [];
  if (realm !== undefined) params.push(`realm="${realm}"`);
  if (error !== undefined) params.push(`error="${error}"`);
  if (description !== undefined) params.push(`error_description="${description}"`);
  if (scope !== undefined) params.push(`scope="${scope}"`);
  return params.length === 0 ? 'Bearer' : `Bearer ${params.join(', ')}`;
}

/** RFC 6750 §3.1: a request with no bearer token gets the bare challenge, with no error code. */
export const noToken = (realm: string | undefined): VerificationFailure => ({
  ok: false,
  status: 401,
  error: undefined,
  description: undefined,
  scope: undefined,
  wwwAuthenticate: wwwAuthenticate({ realm }),
});

/** RFC 6750 §3.1: a malformed request (a broken Authorization header, several tokens) is a 400. */
export const invalidRequest = (realm: string | undefined, description: string): VerificationFailure => ({
  ok: false,
  status: 400,
  error: 'invalid_request',
  description,
  scope: undefined,
  wwwAuthenticate: wwwAuthenticate({ realm, error: 'invalid_request', description }),
});

/** RFC 6750 §3.1: expired, revoked, malformed or otherwise invalid tokens are a 401. */
export const invalidToken = (realm: string | undefined, description: string): VerificationFailure => ({
  ok: false,
  status: 401,
  error: 'invalid_token',
  description,
  scope: undefined,
  wwwAuthenticate: wwwAuthenticate({ realm, error: 'invalid_token', description }),
});

/** RFC 6750 §3.1: a token without the scopes the resource needs is a 403, naming those scopes (§3). */
export const insufficientScope = (
  realm: string | undefined,
  scopes: readonly string[],
): VerificationFailure => {
  const description = 'the access token lacks a scope this resource requires';
  const scope = scopes.join(' ');
  return {
    ok: false,
    status: 403,
    error: 'insufficient_scope',
    description,
    scope,
    wwwAuthenticate: wwwAuthenticate({ realm, error: 'insufficient_scope', description, scope }),
  };
};

/** The token could not be checked (keys or introspection unreachable): the client is not at fault. */
export const unavailable = (description: string): VerificationFailure => ({
  ok: false,
  status: 503,
  error: undefined,
  description,
  scope: undefined,
  wwwAuthenticate: undefined,
});

/** RFC 6749 §3.3: scopes are case-sensitive; a token must hold every one the resource requires. */
export function requireScopes(
  token: AccessToken,
  required: readonly string[],
  realm?: string,
): VerificationFailure | undefined {
  const held = new Set(token.scopes);
  return required.every((scope) => held.has(scope)) ? undefined : insufficientScope(realm, required);
}
