import { jsonObject } from './http.ts';
import { tokenDigest } from './token-digest.ts';
import { type Fetch, type Now, VerificationUnavailable } from './types.ts';

export interface IntrospectionSettings {
  clientId: string;
  clientSecret: string;
  /** Longest time an active result is reused; never past the token's `exp`. */
  activeCacheSeconds: number;
  /** How long an inactive result is reused: short, so a new token with a recycled value is not refused long. */
  inactiveCacheSeconds: number;
  /** Most results kept; the oldest go first. */
  maxEntries: number;
}

/** The RFC 7662 §2.2 response: `active` and, when active, the token's claims. */
export type Introspected = { active: true; claims: Record<string, unknown> } | { active: false };

interface Entry {
  result: Introspected;
  until: number;
}

const encoded = (value: string) => encodeURIComponent(value);

/**
 * RFC 7662 introspection as an authenticated client, with a cache keyed by the token's SHA-256 (the cache holds
 * no usable token) and one request in flight per token, however many API requests present it at once.
 */
export class Introspector {
  readonly #cache = new Map<string, Entry>();
  readonly #inFlight = new Map<string, Promise<Introspected>>();

  constructor(
    private readonly endpoint: () => Promise<string>,
    private readonly settings: IntrospectionSettings,
    private readonly fetch: Fetch,
    private readonly now: Now,
  ) {}

  async introspect(token: string): Promise<Introspected> {
    const key = await tokenDigest(token);
    const cached = this.#cache.get(key);
    if (cached && this.now() < cached.until) return cached.result;
    if (cached) this.#cache.delete(key);
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = this.#ask(token, key).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  async #ask(token: string, key: string): Promise<Introspected> {
    const { clientId, clientSecret } = this.settings;
    let body: Record<string, unknown>;
    try {
      const endpoint = await this.endpoint();
      const response = await this.fetch(endpoint, {
        method: 'POST',
        headers: {
          // RFC 7662 §2.1 with RFC 6749 §2.3.1: client_secret_basic, each part form-encoded first
          authorization: `Basic ${btoa(`${encoded(clientId)}:${encoded(clientSecret)}`)}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
      });
      body = await jsonObject(response, endpoint);
    } catch (error) {
      if (error instanceof VerificationUnavailable) throw error;
      // failures are not cached: the next request asks again
      throw new VerificationUnavailable(
        `introspection failed: ${error instanceof Error ? error.message : error}`,
      );
    }
    const result: Introspected = body.active === true ? { active: true, claims: body } : { active: false };
    this.#remember(key, result);
    return result;
  }

  #remember(key: string, result: Introspected): void {
    const now = this.now();
    const { activeCacheSeconds, inactiveCacheSeconds, maxEntries } = this.settings;
    let until = now + (result.active ? activeCacheSeconds : inactiveCacheSeconds) * 1000;
    if (result.active) {
      const exp = result.claims.exp;
      // an active answer holds only until the token's own expiry (RFC 7662 §4)
      if (typeof exp === 'number') until = Math.min(until, exp * 1000);
    }
    if (until <= now) return;
    if (this.#cache.size >= maxEntries) this.#evict(now);
    this.#cache.set(key, { result, until });
  }

  /** Drops ended entries, then the oldest ones, until there is room. */
  #evict(now: number): void {
    for (const [key, entry] of this.#cache) if (entry.until <= now) this.#cache.delete(key);
    for (const key of this.#cache.keys()) {
      if (this.#cache.size < this.settings.maxEntries) break;
      this.#cache.delete(key);
    }
  }
}
