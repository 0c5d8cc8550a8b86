import type { IntrospectionSettings } from './introspection.ts';
import type { KeySetTimings } from './key-set.ts';
import { DEFAULT_REVOCATION_FEED, type RevocationFeedSettings } from './revocation-feed.ts';
import type { Fetch, Now, TokenCheck } from './types.ts';

export interface ResourceServerOptions {
  /** The authorization server's issuer identifier, compared exactly (RFC 9068 §4, RFC 8414 §3.3). */
  issuer: string;
  /** This API's identifier(s): a token must name one of them in `aud` (RFC 9068 §4). */
  audience: string | readonly string[];
  /** The `realm` of every challenge (RFC 6750 §3). */
  realm?: string;
  /** Signature algorithms accepted; default: the asymmetric ones Lifespan signs with. */
  algorithms?: readonly string[];
  /** Leeway for `exp` and `nbf`, in seconds; default 5. */
  clockToleranceSeconds?: number;
  /** Credentials of a client of the same tenant, to introspect opaque tokens (RFC 7662 §2.1). */
  introspection?: { clientId: string; clientSecret: string } & Partial<
    Omit<IntrospectionSettings, 'clientId' | 'clientSecret'>
  >;
  keys?: Partial<KeySetTimings>;
  /**
   * Follow Lifespan's revocation feed, so that a JWT the server ended (expire-all, password change, revoked id
   * or key) is refused within about a second rather than at its `exp`. Call `close()` to stop following it.
   */
  revocationFeed?: { clientId: string; clientSecret: string } & Partial<
    Omit<RevocationFeedSettings, 'clientId' | 'clientSecret'>
  >;
  /** Time limit of each request to the authorization server; default 5000 ms. */
  httpTimeoutMs?: number;
  /** Checks run after verification, in order; the first refusal wins (a revocation source, for instance). */
  tokenChecks?: readonly TokenCheck[];
  fetch?: Fetch;
  now?: Now;
  /** Where warnings go (keys served stale, discovery failed); default console.warn. */
  onWarning?: (message: string) => void;
}

export const DEFAULT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;

export const DEFAULT_KEY_TIMINGS: KeySetTimings = {
  cooldownSeconds: 30,
  defaultMaxAgeSeconds: 300,
  maxMaxAgeSeconds: 86_400,
  staleIfErrorSeconds: 3600,
};

export const DEFAULT_INTROSPECTION = { activeCacheSeconds: 60, inactiveCacheSeconds: 5, maxEntries: 10_000 };

export interface Settings {
  issuer: string;
  audience: readonly string[];
  realm: string | undefined;
  algorithms: readonly string[];
  clockToleranceSeconds: number;
  introspection: IntrospectionSettings | undefined;
  revocationFeed: RevocationFeedSettings | undefined;
  keys: KeySetTimings;
  httpTimeoutMs: number;
  tokenChecks: readonly TokenCheck[];
  fetch: Fetch;
  now: Now;
  warn: (message: string) => void;
}

export function settle(options: ResourceServerOptions): Settings {
  const algorithms = options.algorithms ?? DEFAULT_ALGORITHMS;
  // RFC 8725 §3.1: a symmetric or `none` algorithm would let anyone holding the public keys mint tokens
  const unsafe = algorithms.filter((alg) => alg === 'none' || alg.startsWith('HS'));
  if (unsafe.length > 0) throw new Error(`algorithms: ${unsafe.join(', ')} cannot verify access tokens`);
  // RFC 6750 §3: the realm is a quoted-string; refusing `"` and `\` keeps the challenge well-formed unescaped
  if (options.realm !== undefined && !/^[\x20\x21\x23-\x5b\x5d-\x7e]*$/.test(options.realm)) {
    throw new Error('realm: only printable ASCII without " or \\');
  }
  const wait = options.revocationFeed?.waitSeconds;
  // at least a second: a feed answering at once with nothing new would otherwise be asked again in a tight loop
  if (wait !== undefined && !(Number.isInteger(wait) && wait >= 1 && wait <= 30)) {
    throw new Error('revocationFeed.waitSeconds: a whole number of seconds from 1 to 30');
  }
  return {
    issuer: options.issuer,
    audience: typeof options.audience === 'string' ? [options.audience] : [...options.audience],
    realm: options.realm,
    algorithms,
    clockToleranceSeconds: options.clockToleranceSeconds ?? 5,
    introspection: options.introspection && { ...DEFAULT_INTROSPECTION, ...options.introspection },
    revocationFeed: options.revocationFeed && { ...DEFAULT_REVOCATION_FEED, ...options.revocationFeed },
    keys: { ...DEFAULT_KEY_TIMINGS, ...options.keys },
    httpTimeoutMs: options.httpTimeoutMs ?? 5000,
    tokenChecks: options.tokenChecks ?? [],
    fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    now: options.now ?? Date.now,
    warn: options.onWarning ?? ((message) => console.warn(`@lifespan/resource-server: ${message}`)),
  };
}
