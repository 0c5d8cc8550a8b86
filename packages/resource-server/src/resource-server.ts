import { type ExtractedToken, extractBearer, type RequestHeaders } from './bearer-header.ts';
import { invalidRequest, invalidToken, noToken, requireScopes, unavailable } from './challenge.ts';
import { Discovery } from './discovery.ts';
import { timedFetch } from './http.ts';
import { Introspector } from './introspection.ts';
import { verifyJwt } from './jwt-access-token.ts';
import { RemoteKeySet } from './key-set.ts';
import { fromIntrospection } from './opaque-access-token.ts';
import { type RevocationFeedStatus, RevocationFeedSubscriber } from './revocation-feed.ts';
import { type ResourceServerOptions, settle } from './settings.ts';
import {
  type AccessToken,
  type VerificationFailure,
  VerificationUnavailable,
  type VerifyResult,
} from './types.ts';

/** What the core needs of a request: its headers, as Node or the Fetch API give them. */
export interface VerifiableRequest {
  headers: RequestHeaders;
}

export interface VerifyOptions {
  /** Scopes the resource requires: a token lacking one gets 403 insufficient_scope (RFC 6750 §3.1). */
  scopes?: readonly string[];
}

export interface ResourceServer {
  /** Verifies the request's bearer token; never throws for a bad token, only for a bug. */
  verify(request: VerifiableRequest, options?: VerifyOptions): Promise<VerifyResult>;
  /** Verifies a token taken from the request by the caller. */
  verifyToken(token: string, options?: VerifyOptions): Promise<VerifyResult>;
  /** A 403 insufficient_scope for a verified token that lacks one of `scopes`, or undefined. */
  requireScopes(token: AccessToken, scopes: readonly string[]): VerificationFailure | undefined;
  /** Whether the revocation feed is followed now; undefined when it is not configured. */
  revocationFeedStatus(): RevocationFeedStatus | undefined;
  /** Stops following the revocation feed (nothing else runs in the background). */
  close(): void;
}

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

export function createResourceServer(options: ResourceServerOptions): ResourceServer {
  const settings = settle(options);
  const { realm, now, warn, issuer, audience } = settings;
  const fetch = timedFetch(settings.fetch, settings.httpTimeoutMs);
  const discovery = new Discovery(issuer, fetch, now, settings.keys.cooldownSeconds * 1000, warn);
  const endpoint = (name: 'jwksUri' | 'introspectionEndpoint' | 'revocationFeedEndpoint') => async () => {
    const url = (await discovery.metadata())[name];
    if (url === undefined) throw new VerificationUnavailable(`the server metadata has no ${name}`);
    return url;
  };
  const keySet = new RemoteKeySet(endpoint('jwksUri'), fetch, now, settings.keys, warn);
  const introspector =
    settings.introspection &&
    new Introspector(endpoint('introspectionEndpoint'), settings.introspection, fetch, now);
  const rules = { issuer, audience, clockToleranceSeconds: settings.clockToleranceSeconds };
  const feed =
    settings.revocationFeed &&
    new RevocationFeedSubscriber(
      endpoint('revocationFeedEndpoint'),
      settings.revocationFeed,
      settings.fetch,
      now,
      settings.httpTimeoutMs,
      warn,
    );
  feed?.start();

  async function check(
    token: string,
  ): Promise<{ token: AccessToken } | { refused: string } | { unavailable: string }> {
    if (JWT_SHAPE.test(token))
      return verifyJwt(token, keySet, { ...rules, algorithms: settings.algorithms }, now);
    if (!introspector) return { refused: 'the access token is not a JWT' };
    try {
      return fromIntrospection(await introspector.introspect(token), rules, now());
    } catch (error) {
      if (error instanceof VerificationUnavailable) return { unavailable: error.message };
      throw error;
    }
  }

  async function verifyToken(token: string, verifyOptions: VerifyOptions = {}): Promise<VerifyResult> {
    const outcome = await check(token);
    if ('unavailable' in outcome) return unavailable(outcome.unavailable);
    if ('refused' in outcome) return invalidToken(realm, outcome.refused);
    const revoked = feed?.refusal(outcome.token);
    if (revoked !== undefined) return invalidToken(realm, revoked);
    for (const extraCheck of settings.tokenChecks) {
      const refused = await extraCheck(outcome.token);
      if (refused !== undefined) return invalidToken(realm, refused);
    }
    const scopeFailure = requireScopes(outcome.token, verifyOptions.scopes ?? [], realm);
    return scopeFailure ?? { ok: true, token: outcome.token };
  }

  return {
    verify(request, verifyOptions) {
      const extracted: ExtractedToken = extractBearer(request.headers);
      if (extracted.kind === 'none') return Promise.resolve(noToken(realm));
      if (extracted.kind === 'malformed')
        return Promise.resolve(invalidRequest(realm, extracted.description));
      return verifyToken(extracted.token, verifyOptions);
    },
    verifyToken,
    requireScopes: (token, scopes) => requireScopes(token, scopes, realm),
    revocationFeedStatus: () => feed?.status(),
    close: () => feed?.close(),
  };
}
