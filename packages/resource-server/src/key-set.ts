import {
  createLocalJWKSet,
  errors,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
} from 'jose';
import { maxAgeOf } from './cache-control.ts';
import { isRecord, jsonObject } from './http.ts';
import { type Fetch, type Now, VerificationUnavailable } from './types.ts';

export interface KeySetTimings {
  /** Least time between two fetches of the key set caused by an unknown `kid` or a failure. */
  cooldownSeconds: number;
  /** Freshness when the server sends no `Cache-Control: max-age`. */
  defaultMaxAgeSeconds: number;
  /** A ceiling on the server's `max-age`, so a removed key cannot stay trusted for days. */
  maxMaxAgeSeconds: number;
  /** How long past their freshness keys are still used while the server cannot be reached. */
  staleIfErrorSeconds: number;
}

type LocalKeySet = ReturnType<typeof createLocalJWKSet>;
type ResolvedKey = Awaited<ReturnType<LocalKeySet>>;

interface CachedKeys {
  resolve: LocalKeySet;
  freshUntil: number;
}

/**
 * The authorization server's JWKS (RFC 7517), cached for as long as its `Cache-Control: max-age` says, fetched
 * again when a token names an unknown `kid` (at most once per cooldown, so forged kids cannot make it hammer
 * the server), and served stale for a while when the server cannot be reached.
 */
export class RemoteKeySet {
  #keys: CachedKeys | undefined;
  #inFlight: Promise<boolean> | undefined;
  #attemptedAt = Number.NEGATIVE_INFINITY;
  #warnedStale = false;

  constructor(
    private readonly uri: () => Promise<string>,
    private readonly fetch: Fetch,
    private readonly now: Now,
    private readonly timings: KeySetTimings,
    private readonly warn: (message: string) => void,
  ) {}

  /** A key resolver for jose's jwtVerify. */
  readonly getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<ResolvedKey> => {
    const now = this.now();
    if (!this.#keys || now >= this.#keys.freshUntil) await this.#refresh(now);
    const keys = this.#usable(now);
    try {
      return await keys.resolve(header, token);
    } catch (error) {
      // a new kid is how a rotation shows itself: look again, unless we just did
      if (!(error instanceof errors.JWKSNoMatchingKey) || !this.#mayFetch(now)) throw error;
      if (!(await this.#refresh(now))) throw error;
      return this.#usable(now).resolve(header, token);
    }
  };

  #usable(now: number): CachedKeys {
    const keys = this.#keys;
    if (!keys || now >= keys.freshUntil + this.timings.staleIfErrorSeconds * 1000) {
      throw new VerificationUnavailable('the signing keys are unavailable');
    }
    return keys;
  }

  #mayFetch(now: number): boolean {
    return now - this.#attemptedAt >= this.timings.cooldownSeconds * 1000;
  }

  /** Fetches the key set (one fetch at a time); false when it failed or the cooldown held it back. */
  #refresh(now: number): Promise<boolean> {
    if (this.#inFlight) return this.#inFlight;
    if (!this.#mayFetch(now)) return Promise.resolve(false);
    this.#inFlight = this.#load(now).finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #load(now: number): Promise<boolean> {
    // a discovery failure surfaces as it is, under discovery's own cooldown
    const uri = await this.uri();
    this.#attemptedAt = now;
    try {
      const response = await this.fetch(uri, {
        headers: { accept: 'application/jwk-set+json, application/json' },
      });
      const body = await jsonObject(response, uri);
      if (!Array.isArray(body.keys) || !body.keys.every(isRecord)) throw new Error(`${uri}: no keys array`);
      const { cooldownSeconds, defaultMaxAgeSeconds, maxMaxAgeSeconds } = this.timings;
      // below the cooldown, a max-age would only turn every verification into a refused refetch
      const maxAge = Math.min(
        Math.max(maxAgeOf(response.headers.get('cache-control')) ?? defaultMaxAgeSeconds, cooldownSeconds),
        maxMaxAgeSeconds,
      );
      this.#keys = {
        resolve: createLocalJWKSet(body as unknown as JSONWebKeySet),
        freshUntil: now + maxAge * 1000,
      };
      this.#warnedStale = false;
      return true;
    } catch (error) {
      if (this.#keys && !this.#warnedStale) {
        // one warning per outage: the log says when stale keys started being used, not every request
        this.#warnedStale = true;
        this.warn(`signing keys could not be refreshed, using the cached ones: ${describe(error)}`);
      } else if (!this.#keys) {
        this.warn(`signing keys could not be fetched: ${describe(error)}`);
      }
      return false;
    }
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
