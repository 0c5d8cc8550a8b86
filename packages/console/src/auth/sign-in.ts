import * as oauth from 'oauth4webapi';
import { authorizationServer, CONSOLE_CLIENT, consoleBase, redirectUri } from './authorization-server.ts';
import { type ConsoleTokens, setTokens, tokens } from './token-store.ts';

/** What survives the trip to the authorization server: never a token, only what checks the answer. */
const PENDING = 'lifespan-console:pending-sign-in';
interface PendingSignIn {
  state: string;
  verifier: string;
  nonce: string;
  returnTo: string;
  silent: boolean;
}

const clientAuth = oauth.None();
/** The console is served over http on loopback addresses in development; everywhere else over https. */
const requestOptions = () => ({ [oauth.allowInsecureRequests]: window.location.protocol === 'http:' });

const toTokens = (response: oauth.TokenEndpointResponse): ConsoleTokens => ({
  accessToken: response.access_token,
  refreshToken: response.refresh_token,
  idToken: response.id_token,
  expiresAt: Date.now() + (response.expires_in ?? 0) * 1000,
});

/**
 * Sends the browser to the authorization endpoint: the authorization code flow with PKCE (RFC 7636, S256) as
 * the console's public client. `silent` asks with prompt=none (OpenID Connect Core §3.1.2.1): a live login
 * session comes back signed in without a form, and no session comes back as login_required.
 */
export async function beginSignIn(options: { silent: boolean; returnTo: string }): Promise<void> {
  const as = await authorizationServer();
  const pending: PendingSignIn = {
    state: oauth.generateRandomState(),
    verifier: oauth.generateRandomCodeVerifier(),
    nonce: oauth.generateRandomNonce(),
    returnTo: options.returnTo,
    silent: options.silent,
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint ?? '');
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: CONSOLE_CLIENT.client_id,
    redirect_uri: redirectUri(),
    scope: 'openid',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    ...(options.silent && { prompt: 'none' }),
  }).toString();
  window.location.assign(url.href);
}

export type SignInOutcome =
  | { kind: 'signed-in'; returnTo: string }
  | { kind: 'login-required' }
  | { kind: 'failed'; message: string };

/** Handles the redirect back to /console/callback: checks state and issuer, redeems the code. */
export async function completeSignIn(current: URL): Promise<SignInOutcome> {
  const stored = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (stored === null)
    return { kind: 'failed', message: 'This sign-in was not started here. Sign in again.' };
  const pending = JSON.parse(stored) as PendingSignIn;
  const as = await authorizationServer();
  try {
    // RFC 6749 §10.12 state, RFC 9207 iss
    const parameters = oauth.validateAuthResponse(as, CONSOLE_CLIENT, current, pending.state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      CONSOLE_CLIENT,
      clientAuth,
      parameters,
      redirectUri(),
      pending.verifier,
      requestOptions(),
    );
    const result = await oauth.processAuthorizationCodeResponse(as, CONSOLE_CLIENT, response, {
      expectedNonce: pending.nonce,
      requireIdToken: true,
    });
    setTokens(toTokens(result));
    return { kind: 'signed-in', returnTo: pending.returnTo };
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      const code = error.error;
      if (code === 'login_required' || code === 'interaction_required') return { kind: 'login-required' };
      return { kind: 'failed', message: error.error_description ?? code };
    }
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

let refreshing: Promise<ConsoleTokens | undefined> | undefined;

/**
 * New tokens from the refresh grant; one refresh at a time, every caller waits for the same one (rotation would
 * refuse a second use of the refresh token). Undefined when there is nothing to refresh or it was refused.
 */
export function refreshTokens(): Promise<ConsoleTokens | undefined> {
  refreshing ??= (async () => {
    const held = tokens();
    if (!held?.refreshToken) return undefined;
    const as = await authorizationServer();
    try {
      const response = await oauth.refreshTokenGrantRequest(
        as,
        CONSOLE_CLIENT,
        clientAuth,
        held.refreshToken,
        requestOptions(),
      );
      const result = await oauth.processRefreshTokenResponse(as, CONSOLE_CLIENT, response);
      const next = { ...toTokens(result), idToken: result.id_token ?? held.idToken };
      setTokens(next);
      return next;
    } catch {
      return undefined;
    }
  })().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

/** RP-initiated logout (OpenID Connect RP-Initiated Logout §2): ends the login session, back to the console. */
export async function signOut(): Promise<void> {
  const as = await authorizationServer();
  const held = tokens();
  setTokens(undefined);
  const url = new URL(as.end_session_endpoint ?? '');
  url.search = new URLSearchParams({
    client_id: CONSOLE_CLIENT.client_id,
    post_logout_redirect_uri: consoleBase(),
    ...(held?.idToken !== undefined && { id_token_hint: held.idToken }),
  }).toString();
  window.location.assign(url.href);
}
