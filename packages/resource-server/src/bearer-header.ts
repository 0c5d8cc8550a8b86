/** Request headers as Node (lower-cased keys, arrays for repeats) or the Fetch API give them. */
export type RequestHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

export type ExtractedToken =
  | { kind: 'none' }
  | { kind: 'token'; token: string }
  | { kind: 'malformed'; description: string };

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
const SCHEME = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)(?: |$)/;

function authorizationOf(headers: RequestHeaders): string | readonly string[] | undefined {
  if (headers instanceof Headers) return headers.get('authorization') ?? undefined;
  return headers.authorization ?? headers.Authorization;
}

/**
 * The bearer token of the Authorization header (RFC 6750 §2.1). The form-body and query methods (§2.2, §2.3)
 * are not accepted: the query method leaks tokens into logs, and neither is needed by Lifespan's clients.
 */
export function extractBearer(headers: RequestHeaders): ExtractedToken {
  const header = authorizationOf(headers);
  if (header === undefined || header === '') return { kind: 'none' };
  if (typeof header !== 'string') {
    if (header.length !== 1) {
      return { kind: 'malformed', description: 'the request has more than one Authorization header' };
    }
    return extractBearer({ authorization: header[0] });
  }
  const scheme = SCHEME.exec(header)?.[1];
  // RFC 7235 §2.1: schemes are case-insensitive; another scheme means no bearer token (RFC 6750 §3.1)
  if (scheme === undefined || scheme.toLowerCase() !== 'bearer') return { kind: 'none' };
  const token = BEARER.exec(header)?.[1];
  if (token === undefined) {
    return { kind: 'malformed', description: 'the Authorization header is not a single Bearer token' };
  }
  return { kind: 'token', token };
}
