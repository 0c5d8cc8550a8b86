import type {
  RevocationFeedRepository,
  RevocationFeedScope,
} from '../../ports/revocation-feed-repository.ts';
import type { Client } from '../clients/client.ts';
import type { Clock } from '../clock.ts';
import type { ConfigurationCache } from '../configuration-cache.ts';
import { UnauthorizedClient } from '../errors.ts';
import { CursorWatch } from './cursor-watch.ts';
import type { SequencedRevocationEvent } from './revocation-event.ts';

/** The scope a client must be allowed to read the feed: resource servers, not every client of the tenant. */
export const REVOCATION_FEED_SCOPE = 'lifespan:revocations';

/** Events per answer; a subscriber that gets `more` asks again at once. */
export const FEED_PAGE_SIZE = 1000;

export interface FeedPage {
  /** Where the next request resumes (`since`). */
  cursor: number;
  /** True when `events` is everything in force (a new subscriber, or a cursor this store never gave). */
  snapshot: boolean;
  events: SequencedRevocationEvent[];
  /** The subscriber's tenant: the tenant not-befores of the page apply to its tokens. */
  tenantId: string;
  /** More events are waiting after `cursor`. */
  more: boolean;
}

/**
 * The revocation feed: resource servers learn, resumably, every change that ends tokens before their `exp`, so
 * they can refuse a JWT as soon as the server would. A read without a cursor, or with a cursor from the future
 * (a store restored from a backup), answers what is in force; with a cursor, the events after it, waiting up to
 * `waitMs` for one (long poll).
 */
export class RevocationFeed {
  private readonly watch: CursorWatch;

  constructor(
    private readonly clock: Clock,
    private readonly repository: RevocationFeedRepository,
    private readonly configuration: ConfigurationCache,
    pollIntervalMs: number,
  ) {
    this.watch = new CursorWatch(() => repository.latest(), pollIntervalMs);
  }

  async read(subscriber: Client, since: number | undefined, waitMs: number): Promise<FeedPage> {
    if (!subscriber.scopes.includes(REVOCATION_FEED_SCOPE)) {
      throw new UnauthorizedClient(`the client is not allowed the ${REVOCATION_FEED_SCOPE} scope`);
    }
    const chain = await this.configuration.tenantChain(subscriber.tenantId);
    const scope: RevocationFeedScope = { tenantChain: chain.map((tenant) => tenant.id) };
    const page = { tenantId: subscriber.tenantId, more: false };
    let latest = await this.repository.latest();
    if (since === undefined || since > latest) {
      const events = await this.repository.inForce(latest, scope, this.clock.now());
      return { ...page, cursor: latest, snapshot: true, events };
    }
    if (latest === since && waitMs > 0) {
      await this.watch.wait(since, waitMs);
      latest = await this.repository.latest();
    }
    const events = await this.repository.after(since, scope, FEED_PAGE_SIZE);
    const more = events.length === FEED_PAGE_SIZE;
    // events the subscriber may not see still move its cursor, so it never reads them again
    const cursor = Math.max(latest, events.at(-1)?.seq ?? since);
    return { ...page, cursor, snapshot: false, events, more };
  }

  /** Ends the waiting reads at once, for a shutdown. */
  close(): void {
    this.watch.close();
  }
}
