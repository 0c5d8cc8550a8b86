import { compactVerify } from 'jose';
import type { ConfigurationCache } from '../configuration-cache.ts';
import type { KeyRing } from '../keys/key-ring.ts';
import type { ActiveSession, LoginSessions } from './login-sessions.ts';

export interface LogoutRequest {
  idTokenHint?: string | undefined;
  clientId?: string | undefined;
  postLogoutRedirectUri?: string | undefined;
  state?: string | undefined;
}

export type LogoutOutcome =
  | { kind: 'redirect'; uri: string; state: string | undefined }
  | { kind: 'signed-out' }
  | { kind: 'refused'; reason: string };

/**
 * OpenID Connect RP-Initiated Logout 1.0: ends the login session (and the grants it created); sends the user
 * back only to a post-logout redirect URI registered by the client the request names.
 */
export class RpLogout {
  constructor(
    private readonly issuer: string,
    private readonly keys: KeyRing,
    private readonly configuration: ConfigurationCache,
    private readonly sessions: LoginSessions,
  ) {}

  async logout(request: LogoutRequest, active: ActiveSession | undefined): Promise<LogoutOutcome> {
    let clientId = request.clientId;
    if (request.idTokenHint !== undefined) {
      const audience = await this.hintAudience(request.idTokenHint);
      if (audience === undefined)
        return { kind: 'refused', reason: 'id_token_hint is not an ID token of this server' };
      if (clientId !== undefined && clientId !== audience) {
        return { kind: 'refused', reason: 'client_id does not match the id_token_hint' };
      }
      clientId = audience;
    }
    let redirect: string | undefined;
    if (request.postLogoutRedirectUri !== undefined) {
      const client = clientId === undefined ? undefined : await this.configuration.client(clientId);
      // §3: the URI must have been registered by the client; without knowing the client, no redirect
      if (!client?.postLogoutRedirectUris.includes(request.postLogoutRedirectUri)) {
        return { kind: 'refused', reason: 'post_logout_redirect_uri is not registered for the client' };
      }
      redirect = request.postLogoutRedirectUri;
    }
    if (active) await this.sessions.end(active.session);
    return redirect === undefined
      ? { kind: 'signed-out' }
      : { kind: 'redirect', uri: redirect, state: request.state };
  }

  /** The client an ID token was issued to; an expired hint is still accepted (§2). */
  private async hintAudience(idToken: string): Promise<string | undefined> {
    try {
      const { payload } = await compactVerify(idToken, this.keys.verificationKeys());
      const claims = JSON.parse(new TextDecoder().decode(payload)) as { iss?: unknown; aud?: unknown };
      if (claims.iss !== this.issuer) return undefined;
      const audience = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
      return typeof audience === 'string' ? audience : undefined;
    } catch {
      return undefined;
    }
  }
}
