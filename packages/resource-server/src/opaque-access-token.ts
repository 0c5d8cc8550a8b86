import type { Introspected } from './introspection.ts';
import type { AccessToken } from './types.ts';

export interface OpaqueRules {
  issuer: string;
  audience: readonly string[];
  clockToleranceSeconds: number;
}

/** An active introspection result as an AccessToken, or a refusal's description. */
export function fromIntrospection(
  result: Introspected,
  rules: OpaqueRules,
  nowMs: number,
): { token: AccessToken } | { refused: string } {
  // RFC 7662 §2.2: an inactive token tells nothing more, whatever the reason (revoked, expired, unknown)
  if (!result.active) return { refused: 'the access token is not active' };
  const { claims } = result;
  const { sub, client_id: clientId, exp, iat, jti, iss, aud, scope } = claims;
  if (typeof sub !== 'string' || typeof clientId !== 'string' || typeof exp !== 'number') {
    return { refused: 'the introspection result lacks sub, client_id or exp' };
  }
  // RFC 7662 §4: the resource server checks that the token was issued for it, by the expected issuer
  if (iss !== undefined && iss !== rules.issuer)
    return { refused: 'the access token is from another issuer' };
  const audience = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter(isText) : [];
  if (aud !== undefined && !audience.some((value) => rules.audience.includes(value))) {
    return { refused: 'the access token is for another audience' };
  }
  if (exp <= nowMs / 1000 - rules.clockToleranceSeconds) return { refused: 'the access token expired' };
  return {
    token: {
      format: 'opaque',
      subject: sub,
      clientId,
      scopes: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [],
      audience,
      expiresAt: exp,
      issuedAt: typeof iat === 'number' ? iat : undefined,
      tokenId: typeof jti === 'string' ? jti : undefined,
      keyId: undefined,
      claims,
    },
  };
}

const isText = (value: unknown): value is string => typeof value === 'string';
