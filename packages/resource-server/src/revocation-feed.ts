import { isRecord, jsonObject } from './http.ts';
import { parseFeedPage, RevocationState } from './revocation-state.ts';
import type { AccessToken, Fetch, Now } from './types.ts';

export interface RevocationFeedSettings {
  /** A confidential client of the API's tenant, allowed the `lifespan:revocations` scope. */
  clientId: string;
  clientSecret: string;
  /** How long each long poll may wait at the server; default 25 s (the server allows up to 30). */
  waitSeconds: number;
  /** The longest pause between attempts while the feed cannot be reached; default 30 s (from 1 s, doubling). */
  retryMaxSeconds: number;
}

export const DEFAULT_REVOCATION_FEED = { waitSeconds: 25, retryMaxSeconds: 30 };

export interface RevocationFeedStatus {
  /** The last request to the feed was answered: revocations are seen within about a second. */
  connected: boolean;
  /** Where the next request resumes; undefined before the first answer. */
  cursor: string | undefined;
}

/** RFC 7617: the user-id and password are joined by a colon; RFC 6749 §2.3.1 form-encodes them first. */
const basicAuthorization = (id: string, secret: string): string =>
  `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`;

/**
 * Follows the authorization server's revocation feed in the background: a snapshot first, then long polls from
 * the cursor, so that a JWT ended at the server (a not-before on its path, its id revoked, its key revoked) is
 * refused here within about a second instead of at its `exp`. While the feed cannot be reached, tokens are
 * checked against what was last known and their `exp` — with one warning per outage — and the feed is tried
 * again with a growing pause.
 */
export class RevocationFeedSubscriber {
  private readonly state = new RevocationState();
  private cursor: string | undefined;
  private connected = false;
  private inOutage = false;
  private readonly stopped = new AbortController();

  constructor(
    private readonly endpoint: () => Promise<string>,
    private readonly settings: RevocationFeedSettings,
    private readonly fetch: Fetch,
    private readonly now: Now,
    private readonly httpTimeoutMs: number,
    private readonly warn: (message: string) => void,
  ) {}

  start(): void {
    void this.run();
  }

  /** Stops following the feed; a request in flight is abandoned. */
  close(): void {
    this.stopped.abort();
  }

  status(): RevocationFeedStatus {
    return { connected: this.connected, cursor: this.cursor };
  }

  /** Why the feed ends this token, or undefined. */
  refusal(token: AccessToken): string | undefined {
    return this.state.refusal(token);
  }

  private async run(): Promise<void> {
    let pauseSeconds = 1;
    while (!this.stopped.signal.aborted) {
      try {
        await this.follow();
        pauseSeconds = 1;
      } catch (error) {
        if (this.stopped.signal.aborted) return;
        this.connected = false;
        if (!this.inOutage) {
          this.inOutage = true;
          const reason = error instanceof Error ? error.message : String(error);
          this.warn(
            `the revocation feed cannot be followed (${reason}): tokens are checked against their exp and what the feed said before, until it answers again`,
          );
        }
        await this.pause(pauseSeconds);
        pauseSeconds = Math.min(pauseSeconds * 2, this.settings.retryMaxSeconds);
      }
    }
  }

  /** One request: the snapshot, or the events after the cursor (waiting for them at the server). */
  private async follow(): Promise<void> {
    const url = new URL(await this.endpoint());
    if (this.cursor !== undefined) {
      url.searchParams.set('since', this.cursor);
      url.searchParams.set('wait', String(this.settings.waitSeconds));
    }
    const timeout = AbortSignal.timeout(this.settings.waitSeconds * 1000 + this.httpTimeoutMs);
    const response = await this.fetch(url.toString(), {
      headers: {
        authorization: basicAuthorization(this.settings.clientId, this.settings.clientSecret),
        accept: 'application/json',
      },
      signal: AbortSignal.any([timeout, this.stopped.signal]),
    });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}${await described(response)}`);
    const page = parseFeedPage(await jsonObject(response, 'the revocation feed'));
    this.state.apply(page, this.now() / 1000);
    this.cursor = page.cursor;
    this.connected = true;
    this.inOutage = false;
  }

  private pause(seconds: number): Promise<void> {
    const { signal } = this.stopped;
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, seconds * 1000);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** The OAuth error of a refusal (RFC 6749 §5.2), to say in the warning why the feed refused. */
async function described(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    if (isRecord(body) && typeof body.error === 'string') {
      return `: ${body.error}${typeof body.error_description === 'string' ? ` (${body.error_description})` : ''}`;
    }
  } catch {
    // not JSON: the status says enough
  }
  return '';
}
