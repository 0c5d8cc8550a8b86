import type { AuthorizationServer, Client } from 'oauth4webapi';

export const CONSOLE_CLIENT: Client = { client_id: '_lifespan-console', token_endpoint_auth_method: 'none' };

/** Where the console lives and where the authorization server sends the browser back to. */
export const consoleBase = (): string => `${window.location.origin}/console/`;
export const redirectUri = (): string => `${window.location.origin}/console/callback`;

let discovered: Promise<AuthorizationServer> | undefined;

/**
 * The authorization server as this page reaches it. Its issuer comes from discovery (ID tokens are checked
 * against it), but every endpoint is called on the console's own origin: the issuer may name another host
 * for the same server (localhost and 127.0.0.1), and the console makes no cross-origin request.
 */
export function authorizationServer(): Promise<AuthorizationServer> {
  discovered ??= fetch('/.well-known/openid-configuration')
    .then(async (response) => {
      if (!response.ok) throw new Error(`discovery answered ${response.status}`);
      const metadata = (await response.json()) as { issuer: string };
      const origin = window.location.origin;
      return {
        issuer: metadata.issuer,
        authorization_endpoint: `${origin}/oauth2/authorize`,
        token_endpoint: `${origin}/oauth2/token`,
        end_session_endpoint: `${origin}/oauth2/end_session`,
        authorization_response_iss_parameter_supported: true,
        code_challenge_methods_supported: ['S256'],
      } satisfies AuthorizationServer;
    })
    .catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
  return discovered;
}
