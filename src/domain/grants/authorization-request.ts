import type { Client } from '../clients/client.ts';
import type { ConfigurationCache } from '../configuration-cache.ts';
import { InvalidRequest, type OAuthError, UnauthorizedClient, UnsupportedResponseType } from '../errors.ts';
import { isCodeChallenge } from './pkce.ts';
import { grantedScopes } from './request-parameters.ts';

/** A validated authorization request (RFC 6749 §4.1.1, OpenID Connect Core §3.1.2.1). */
export interface AuthorizationRequest {
  client: Client;
  responseType: 'code' | 'token';
  /** Where the answer goes. */
  redirectUri: string;
  /** The redirect_uri as sent ('' when omitted): the token request must repeat it (RFC 6749 §4.1.3). */
  redirectUriSent: string;
  scopes: string[];
  state: string | undefined;
  nonce: string | undefined;
  prompt: ReadonlySet<string>;
  /** Seconds: an older authentication must be repeated. */
  maxAge: number | undefined;
  codeChallenge: string | undefined;
}

/** An error that cannot be sent to the client's redirect URI: the user sees it (RFC 6749 §4.1.2.1). */
export class UnredirectableError extends Error {
  override readonly name = 'UnredirectableError';
}

/** An error sent back to the client's (verified) redirect URI. */
export class RedirectedError extends Error {
  override readonly name = 'RedirectedError';
  constructor(
    readonly error: OAuthError,
    readonly redirectUri: string,
    readonly responseMode: 'query' | 'fragment',
    readonly state: string | undefined,
  ) {
    super(error.description);
  }
}

const PROMPTS = new Set(['none', 'login', 'consent', 'select_account']);

/**
 * Validates an authorization request. The client and redirect URI are checked first: until both are known good
 * nothing may be sent to the redirect URI (RFC 6749 §4.1.2.1, §10.15).
 */
export async function parseAuthorizationRequest(
  params: Readonly<Record<string, string | undefined>>,
  configuration: ConfigurationCache,
  repeated: readonly string[] = [],
): Promise<AuthorizationRequest> {
  // RFC 6749 §3.1: no parameter may be sent twice
  if (repeated.includes('client_id') || repeated.includes('redirect_uri')) {
    throw new UnredirectableError(`parameter ${repeated.join(', ')} is repeated`);
  }
  const clientId = params.client_id;
  if (!clientId) throw new UnredirectableError('client_id is missing');
  const client = await configuration.client(clientId);
  if (!client) throw new UnredirectableError('the client is unknown');
  const redirectUri = chosenRedirectUri(client, params.redirect_uri);
  const responseType = params.response_type;
  const responseMode = responseType === 'token' ? 'fragment' : 'query';
  const fail = (error: OAuthError) => new RedirectedError(error, redirectUri, responseMode, params.state);

  if (repeated.length > 0) throw fail(new InvalidRequest(`parameter ${repeated.join(', ')} is repeated`));
  if (responseType !== 'code' && responseType !== 'token') {
    throw fail(new UnsupportedResponseType('response_type must be code (or token where enabled)'));
  }
  const grantType = responseType === 'code' ? 'authorization_code' : 'implicit';
  if (!client.grantTypes.includes(grantType)) {
    // the implicit grant is legacy (OAuth 2.1 removes it): only a client with it explicitly enabled may use it
    throw fail(new UnauthorizedClient(`this client may not use response_type=${responseType}`));
  }
  let scopes: string[];
  try {
    scopes = grantedScopes(client, params.scope);
  } catch (error) {
    throw fail(error as OAuthError);
  }
  const prompt = new Set((params.prompt ?? '').split(' ').filter((p) => p !== ''));
  if ([...prompt].some((p) => !PROMPTS.has(p)) || (prompt.has('none') && prompt.size > 1)) {
    throw fail(new InvalidRequest('prompt is not valid'));
  }
  const maxAge = params.max_age;
  if (maxAge !== undefined && !/^\d{1,10}$/.test(maxAge))
    throw fail(new InvalidRequest('max_age is not valid'));

  const challenge = params.code_challenge;
  const method = params.code_challenge_method;
  if (responseType === 'code') {
    // RFC 7636 and OAuth 2.1 §7.5.1: S256 only; required of public clients
    if (method !== undefined && method !== 'S256') {
      throw fail(new InvalidRequest('code_challenge_method must be S256 (plain is not allowed)'));
    }
    if (challenge === undefined && client.tokenEndpointAuthMethod === 'none') {
      throw fail(new InvalidRequest('a public client must send a PKCE code_challenge'));
    }
    if (challenge !== undefined && (method === undefined || !isCodeChallenge(challenge))) {
      throw fail(
        new InvalidRequest('code_challenge must be a S256 challenge with code_challenge_method=S256'),
      );
    }
  }
  return {
    client,
    responseType,
    redirectUri,
    redirectUriSent: params.redirect_uri ?? '',
    scopes,
    state: params.state,
    nonce: params.nonce,
    prompt,
    maxAge: maxAge === undefined ? undefined : Number(maxAge),
    codeChallenge: responseType === 'code' ? challenge : undefined,
  };
}

/** RFC 6749 §3.1.2.3: exact match with a registered URI; may be omitted only when exactly one is registered. */
function chosenRedirectUri(client: Client, sent: string | undefined): string {
  if (sent === undefined) {
    const [only, ...others] = client.redirectUris;
    if (only === undefined || others.length > 0) throw new UnredirectableError('redirect_uri is missing');
    return only;
  }
  if (!client.redirectUris.includes(sent))
    throw new UnredirectableError('redirect_uri is not registered for this client');
  return sent;
}
