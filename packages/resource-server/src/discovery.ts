import { jsonObject } from './http.ts';
import { type Fetch, type Now, VerificationUnavailable } from './types.ts';

export interface ServerMetadata {
  issuer: string;
  jwksUri: string | undefined;
  introspectionEndpoint: string | undefined;
  /** Lifespan's revocation feed (`revocation_feed_endpoint`). */
  revocationFeedEndpoint: string | undefined;
}

/**
 * The two discovery addresses of an issuer, tried in order: OpenID Connect Discovery 1.0 §4 appends the
 * well-known path to the issuer; RFC 8414 §3.1 inserts it between the host and the issuer's path.
 */
export function discoveryUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return [
    `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
  ];
}

/** The authorization server's metadata, fetched once and kept; a failed fetch is retried after a cooldown. */
export class Discovery {
  #metadata: ServerMetadata | undefined;
  #inFlight: Promise<ServerMetadata> | undefined;
  #failedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly issuer: string,
    private readonly fetch: Fetch,
    private readonly now: Now,
    private readonly cooldownMs: number,
    private readonly warn: (message: string) => void,
  ) {}

  async metadata(): Promise<ServerMetadata> {
    if (this.#metadata) return this.#metadata;
    if (this.#inFlight) return this.#inFlight;
    if (this.now() - this.#failedAt < this.cooldownMs) {
      throw new VerificationUnavailable('the authorization server metadata is unavailable');
    }
    this.#inFlight = this.#discover().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #discover(): Promise<ServerMetadata> {
    const problems: string[] = [];
    for (const url of discoveryUrls(this.issuer)) {
      try {
        this.#metadata = this.#parse(await jsonObject(await this.fetch(url), url));
        return this.#metadata;
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
    this.#failedAt = this.now();
    this.warn(`discovery failed for ${this.issuer}: ${problems.join('; ')}`);
    throw new VerificationUnavailable('the authorization server metadata is unavailable');
  }

  #parse(body: Record<string, unknown>): ServerMetadata {
    // RFC 8414 §3.3 and OpenID Connect Discovery §4.3: the metadata must name exactly the expected issuer
    if (body.issuer !== this.issuer) {
      throw new Error(`metadata names issuer ${JSON.stringify(body.issuer)}, not ${this.issuer}`);
    }
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    return {
      issuer: this.issuer,
      jwksUri: text(body.jwks_uri),
      introspectionEndpoint: text(body.introspection_endpoint),
      revocationFeedEndpoint: text(body.revocation_feed_endpoint),
    };
  }
}
