import { errors, type JWTPayload, jwtVerify } from 'jose';
import type { RemoteKeySet } from './key-set.ts';
import { type AccessToken, type Now, VerificationUnavailable } from './types.ts';

export interface JwtRules {
  issuer: string;
  audience: readonly string[];
  algorithms: readonly string[];
  clockToleranceSeconds: number;
}

/** A refusal's description, or the cause that the keys could not be reached. */
export type JwtOutcome = { token: AccessToken } | { refused: string } | { unavailable: string };

// RFC 9068 §2.2: claims every access token JWT carries (iss and aud are required through the issuer and audience)
const REQUIRED_CLAIMS = ['exp', 'iat', 'sub', 'client_id', 'jti'];

/** RFC 9068 §4 validation, strictly: the `at+jwt` type, the issuer exactly, an audience of ours, allowed algorithms. */
export async function verifyJwt(
  jwt: string,
  keys: RemoteKeySet,
  rules: JwtRules,
  now: Now,
): Promise<JwtOutcome> {
  try {
    const { payload, protectedHeader } = await jwtVerify(jwt, keys.getKey, {
      typ: 'at+jwt', // RFC 9068 §4: refuses ID tokens and other JWTs signed by the same keys
      issuer: rules.issuer,
      audience: [...rules.audience],
      algorithms: [...rules.algorithms], // RFC 8725 §3.1: never the token's own choice (`none`, HMAC with a public key)
      requiredClaims: REQUIRED_CLAIMS,
      clockTolerance: rules.clockToleranceSeconds,
      currentDate: new Date(now()),
    });
    const claims = typedClaims(payload, protectedHeader.kid);
    return claims ? { token: claims } : { refused: 'the access token has claims of the wrong type' };
  } catch (error) {
    if (error instanceof VerificationUnavailable) return { unavailable: error.message };
    if (error instanceof errors.JOSEError) return { refused: refusal(error) };
    throw error;
  }
}

function typedClaims(payload: JWTPayload, keyId: string | undefined): AccessToken | undefined {
  const { sub, client_id: clientId, exp, iat, jti, aud, scope } = payload;
  if (typeof sub !== 'string' || typeof clientId !== 'string' || typeof exp !== 'number') return undefined;
  if (typeof jti !== 'string' || (scope !== undefined && typeof scope !== 'string')) return undefined;
  return {
    format: 'jwt',
    subject: sub,
    clientId,
    scopes: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [],
    audience: typeof aud === 'string' ? [aud] : (aud ?? []),
    expiresAt: exp,
    issuedAt: iat,
    tokenId: jti,
    keyId,
    claims: payload,
  };
}

/** A fixed text per cause: never the token's content, and within RFC 6750 §3's error_description characters. */
function refusal(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return 'the access token expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `the access token lacks the ${error.claim} claim`;
    switch (error.claim) {
      case 'iss':
        return 'the access token is from another issuer';
      case 'aud':
        return 'the access token is for another audience';
      case 'typ':
        return 'the token is not an access token (typ at+jwt)';
      case 'nbf':
        return 'the access token is not valid yet';
      default:
        return `the access token has an invalid ${error.claim} claim`;
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'the access token is signed with an algorithm not accepted';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the access token is signed with an unknown key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the access token signature is invalid';
  return 'the access token is malformed';
}
