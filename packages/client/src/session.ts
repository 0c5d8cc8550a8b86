/** How the session's tokens were obtained: what renews them when they run out. */
export type SessionSource =
  | 'authorization_code'
  | 'first_party'
  | 'device_code'
  | 'client_credentials'
  | 'restored';

/** What the app holds after signing in. Instants are this device's epoch milliseconds. */
export interface Session {
  accessToken: string;
  tokenType: string;
  /** When the access token ends, on this device's clock. */
  expiresAt: number;
  /** The lifetime the server granted, in seconds (its policy and ceilings may have shortened a request). */
  expiresIn: number | undefined;
  /** The lifetime this client asked for (`expires_in`), when it asked. */
  requestedExpiresIn: number | undefined;
  refreshToken: string | undefined;
  idToken: string | undefined;
  scope: string | undefined;
  /** The signed-in subject (`sub`), when a token tells it. */
  subject: string | undefined;
  source: SessionSource;
  /** The server's clock minus this device's, in milliseconds, estimated from the last token's `iat`. */
  clockOffsetMs: number;
  /** The stored record's version: each write, in any tab, numbers it one past the highest seen. */
  serial: number;
}

/** The RFC 6749 §5.1 token response members the SDK reads. */
export interface TokenResponse {
  access_token: string;
  token_type?: string;
  expires_in?: number;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
}

/** The claims of a JWT, unverified: only for the subject and the issued-at (the server checks tokens). */
export function unverifiedClaims(jwt: string | undefined): Record<string, unknown> | undefined {
  const payload = jwt?.split('.')[1];
  if (payload === undefined || jwt?.split('.').length !== 3) return undefined;
  try {
    const text = new TextDecoder().decode(
      Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
    );
    const claims: unknown = JSON.parse(text);
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function sessionFrom(
  response: TokenResponse,
  source: SessionSource,
  receivedAt: number,
  requestedExpiresIn: number | undefined,
  previous?: Session,
): Session {
  const access = unverifiedClaims(response.access_token);
  const identity = unverifiedClaims(response.id_token);
  const subject = [access?.sub, identity?.sub].find((value): value is string => typeof value === 'string');
  const issuedAt = typeof access?.iat === 'number' ? access.iat * 1000 : undefined;
  // expires_in is relative, so expiresAt needs no correction; the offset serves instants the server states
  const expiresIn = typeof response.expires_in === 'number' ? response.expires_in : undefined;
  return {
    accessToken: response.access_token,
    tokenType: response.token_type ?? 'Bearer',
    expiresAt: receivedAt + (expiresIn ?? 0) * 1000,
    expiresIn,
    requestedExpiresIn,
    // RFC 6749 §6: a refresh answer without a refresh token keeps the one the client has
    refreshToken: response.refresh_token ?? previous?.refreshToken,
    idToken: response.id_token ?? previous?.idToken,
    scope: response.scope ?? previous?.scope,
    subject: subject ?? previous?.subject,
    source,
    clockOffsetMs: issuedAt === undefined ? (previous?.clockOffsetMs ?? 0) : issuedAt - receivedAt,
    serial: 0, // numbered when stored
  };
}

/** A stored record read back; undefined when it is missing or not one of ours. */
export function parseSession(text: string | null): Session | undefined {
  if (text === null) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const session = value as Partial<Session>;
    if (typeof session.accessToken !== 'string' || typeof session.expiresAt !== 'number') return undefined;
    return { ...session, serial: typeof session.serial === 'number' ? session.serial : 0 } as Session;
  } catch {
    return undefined;
  }
}
