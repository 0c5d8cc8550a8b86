import * as oauth from 'oauth4webapi';
import { LifespanError } from './errors.ts';
import { type ClientEvents, Emitter, type EventName, type SessionEndReason } from './events.ts';
import {
  parseSession,
  type Session,
  type SessionSource,
  sessionFrom,
  type TokenResponse,
} from './session.ts';
import { memoryStorage, type StorageAdapter } from './storage.ts';
import { asLifespanError, type Fetch } from './wire.ts';

/** The part of the Web Locks API the SDK uses (navigator.locks in browsers). */
export interface Locks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface LifespanClientOptions {
  /** The issuer identifier, e.g. https://id.example.com. */
  issuer: string;
  clientId: string;
  /** Only for confidential clients (services): sent with HTTP Basic (client_secret_basic). */
  clientSecret?: string;
  /** Where the authorization server sends the browser back (authorization code flow). */
  redirectUri?: string;
  /** Scope asked for when a call names none. */
  scope?: string;
  /** Where the session is kept; default memory (see webStorage for tabs that share a login). */
  storage?: StorageAdapter;
  /** getAccessToken() renews a token with fewer seconds left than this; default 60. */
  refreshSkew?: number;
  /** Renew on a timer when the token nears its end, and re-check when the page is shown again; default true. */
  autoRefresh?: boolean;
  fetch?: Fetch;
  /** This device's clock, epoch milliseconds; default Date.now. */
  now?: () => number;
  /** Cross-tab mutual exclusion for refreshes; default navigator.locks when the runtime has it. */
  locks?: Locks;
}

const MAX_RETRY_MS = 60_000;

/**
 * What every flow shares: discovery, the stored session (one record, re-read inside the refresh lock), events,
 * timers, and the single-flight renewal of tokens.
 */
export class ClientCore {
  readonly events = new Emitter();
  readonly storage: StorageAdapter;
  readonly key: string;
  readonly now: () => number;
  readonly fetch: Fetch;
  readonly refreshSkewMs: number;
  /** A mistake in the options, reported by every call rather than by the constructor. */
  readonly misconfigured: LifespanError | undefined;
  requestedExpiresIn: number | undefined;

  /**
   * The latest record another tab announced (or this one ended): a tab's view of localStorage can lag behind
   * another tab's write for a moment in Chromium, so the announced record wins over an older stored one.
   */
  private heard: { serial: number; session: Session | undefined } | undefined;
  private discovered: Promise<oauth.AuthorizationServer> | undefined;
  private renewing: Promise<Session | undefined> | undefined;
  private subject: string | undefined;
  private held = false;
  /** The serial of the record this tab follows (events and timers). */
  private adoptedSerial = 0;
  private timers: ReturnType<typeof setTimeout>[] = [];
  private retryMs = 1000;
  private readonly channel: BroadcastChannel | undefined;
  private readonly detach: () => void;

  constructor(readonly options: LifespanClientOptions) {
    this.storage = options.storage ?? memoryStorage();
    this.key = `lifespan:${options.issuer}:${options.clientId}`;
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.refreshSkewMs = (options.refreshSkew ?? 60) * 1000;
    this.misconfigured = configurationProblem(options);
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(this.key) : undefined;
    this.channel?.addEventListener('message', (message: MessageEvent<unknown>) => {
      this.changedElsewhere(message.data);
    });
    // in Node, a channel would keep the process alive: a CLI that forgets close() must still exit
    (this.channel as { unref?: () => void } | undefined)?.unref?.();
    this.detach = this.watchPage();
  }

  on<K extends EventName>(name: K, handler: (event: ClientEvents[K]) => void): () => void {
    return this.events.on(name, handler);
  }

  /** Discovery (OpenID Connect Discovery 1.0), once; a failure is tried again on the next call. */
  authorizationServer(): Promise<oauth.AuthorizationServer> {
    if (this.misconfigured) return Promise.reject(this.misconfigured);
    this.discovered ??= (async () => {
      const issuer = new URL(this.options.issuer);
      const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...this.requestOptions() });
      return oauth.processDiscoveryResponse(issuer, response);
    })().catch((error: unknown) => {
      this.discovered = undefined;
      throw asLifespanError(error);
    });
    return this.discovered;
  }

  /** oauth4webapi's view of this client; its clock follows `now`, so ID tokens are checked on the same clock. */
  client(): oauth.Client {
    return {
      client_id: this.options.clientId,
      [oauth.clockSkew]: Math.round((this.now() - Date.now()) / 1000),
    };
  }

  clientAuth(): oauth.ClientAuth {
    const secret = this.options.clientSecret;
    return secret === undefined ? oauth.None() : oauth.ClientSecretBasic(secret);
  }

  requestOptions() {
    // oauth4webapi's options carry `body: undefined` for GET requests, which RequestInit spells as absent
    const customFetch = (
      url: string,
      options: { body?: BodyInit | null | undefined } & Omit<RequestInit, 'body'>,
    ) => {
      const { body, ...rest } = options;
      return this.fetch(url, body === undefined ? rest : { ...rest, body });
    };
    return {
      [oauth.customFetch]: customFetch,
      // plain http only towards loopback development servers; oauth4webapi refuses it otherwise
      [oauth.allowInsecureRequests]: this.options.issuer.startsWith('http://'),
    };
  }

  async load(): Promise<Session | undefined> {
    const stored = parseSession(await this.storage.get(this.key));
    const heard = this.heard;
    return heard !== undefined && heard.serial > (stored?.serial ?? 0) ? heard.session : stored;
  }

  /** Stores tokens from a token response and tells the other tabs. */
  async store(
    response: TokenResponse,
    source: SessionSource,
    requested: number | undefined,
    previous?: Session,
  ): Promise<Session> {
    return this.save(sessionFrom(response, source, this.now(), requested, previous));
  }

  async save(unnumbered: Session): Promise<Session> {
    const session = { ...unnumbered, serial: await this.nextSerial() };
    await this.storage.set(this.key, JSON.stringify(session));
    this.announce(session.serial, session);
    this.adopt(session, session.serial);
    return session;
  }

  /** Forgets the session here and in every tab sharing the storage. */
  async end(reason: SessionEndReason, error?: LifespanError): Promise<void> {
    const serial = await this.nextSerial();
    await this.storage.remove(this.key);
    this.announce(serial, undefined);
    this.adopt(undefined, serial);
    this.events.emit('sessionEnded', error === undefined ? { reason } : { reason, error });
  }

  /** True when the token has more than `refreshSkew` left. */
  fresh(session: Session): boolean {
    return session.expiresAt - this.now() > this.refreshSkewMs;
  }

  /** A token that is fresh, renewed first when it is not; undefined when there is none to be had. */
  async accessToken(): Promise<string | undefined> {
    if (this.misconfigured) throw this.misconfigured;
    const session = await this.load();
    if (!session) return undefined;
    if (this.fresh(session)) return session.accessToken;
    const renewed = await this.renew(false);
    if (renewed && renewed.expiresAt > this.now()) return renewed.accessToken;
    return undefined;
  }

  /**
   * One renewal at a time in this process; across tabs, one at a time under the lock, and each re-reads the
   * stored session inside it, so a tab that waited uses what the first one got instead of spending the same
   * refresh token again (which rotation would refuse).
   */
  renew(force: boolean): Promise<Session | undefined> {
    this.renewing ??= this.withLock(() => this.renewUnderLock(force)).finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  close(): void {
    this.clearTimers();
    this.channel?.close();
    this.detach();
    this.events.clear();
  }

  private async renewUnderLock(force: boolean): Promise<Session | undefined> {
    const session = await this.load();
    if (!session) return undefined;
    if (!force && this.fresh(session)) return session;
    if (session.source === 'client_credentials')
      return this.attempt(session, () => this.clientCredentials(session.scope, session));
    if (session.refreshToken === undefined) {
      if (session.expiresAt <= this.now()) await this.end('expired');
      return session.expiresAt > this.now() ? session : undefined;
    }
    return this.attempt(session, () => this.refreshWith(session));
  }

  /** Runs a renewal; a refused refresh token ends the session, a transient failure keeps it and retries. */
  private async attempt(session: Session, renewal: () => Promise<Session>): Promise<Session | undefined> {
    try {
      const renewed = await renewal();
      this.retryMs = 1000;
      this.events.emit('tokenRefreshed', { session: renewed });
      return renewed;
    } catch (caught) {
      const error = asLifespanError(caught);
      if (error.code === 'invalid_grant') return this.afterRefused(session, error);
      this.events.emit('refreshFailed', { error });
      this.later(this.retryMs, () => void this.renew(false));
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      return session.expiresAt > this.now() ? session : undefined;
    }
  }

  /** invalid_grant: another tab or process may have rotated the token meanwhile; else the session is over. */
  private async afterRefused(used: Session, error: LifespanError): Promise<Session | undefined> {
    const latest = await this.load();
    if (latest?.refreshToken !== undefined && latest.refreshToken !== used.refreshToken) {
      if (this.fresh(latest)) return latest;
      try {
        return await this.refreshWith(latest);
      } catch (second) {
        await this.end('refresh_rejected', asLifespanError(second));
        return undefined;
      }
    }
    await this.end('refresh_rejected', error);
    return undefined;
  }

  private async refreshWith(session: Session): Promise<Session> {
    const as = await this.authorizationServer();
    const response = await oauth.refreshTokenGrantRequest(
      as,
      this.client(),
      this.clientAuth(),
      session.refreshToken ?? '',
      this.requestOptions(),
    );
    const result = await oauth.processRefreshTokenResponse(as, this.client(), response);
    return this.store(result, session.source, session.requestedExpiresIn, session);
  }

  /** The client credentials grant (RFC 6749 §4.4), stored; `previous` is the session it renews, if any. */
  async clientCredentials(scope: string | undefined, previous?: Session): Promise<Session> {
    const as = await this.authorizationServer();
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      this.client(),
      this.clientAuth(),
      scope === undefined ? {} : { scope },
      this.requestOptions(),
    );
    const result = await oauth.processClientCredentialsResponse(as, this.client(), response);
    return this.store(result, 'client_credentials', undefined, previous);
  }

  private withLock<T>(work: () => Promise<T>): Promise<T> {
    const locks =
      this.options.locks ?? (globalThis as { navigator?: { locks?: Locks } }).navigator?.locks ?? undefined;
    return locks ? locks.request(`${this.key}:refresh`, work) : work();
  }

  /** A session stored here or in another tab becomes the current one: events and timers follow it. */
  private adopt(session: Session | undefined, serial: number): void {
    this.adoptedSerial = serial;
    this.held = session !== undefined;
    if (session?.subject !== this.subject) {
      this.subject = session?.subject;
      this.events.emit('userChanged', { subject: this.subject });
    }
    this.clearTimers();
    if (!session || this.options.autoRefresh === false) return;
    const { expiresAt } = session;
    this.later(expiresAt - this.refreshSkewMs - this.now(), () => {
      this.events.emit('accessTokenExpiring', { expiresAt });
      void this.renew(false);
    });
    this.later(expiresAt - this.now(), () => void this.reportExpired(expiresAt));
  }

  private async reportExpired(expiresAt: number): Promise<void> {
    const current = await this.load();
    if (current?.expiresAt === expiresAt) this.events.emit('accessTokenExpired', { expiresAt });
  }

  private async nextSerial(): Promise<number> {
    const stored = parseSession(await this.storage.get(this.key));
    return Math.max(stored?.serial ?? 0, this.heard?.serial ?? 0) + 1;
  }

  /** Tells the other tabs what was written, record included (their view of the storage may lag). */
  private announce(serial: number, session: Session | undefined): void {
    this.heard = { serial, session };
    this.channel?.postMessage({ serial, session: session ?? null });
  }

  private changedElsewhere(data: unknown): void {
    if (typeof data !== 'object' || data === null || !('serial' in data) || typeof data.serial !== 'number')
      return;
    // an announcement of what this tab already follows, or of something older, changes nothing
    if (data.serial <= this.adoptedSerial) return;
    const session = 'session' in data ? parseSession(JSON.stringify(data.session)) : undefined;
    this.heard = { serial: data.serial, session };
    const hadSession = this.held;
    this.adopt(session, data.serial);
    if (!session && hadSession) this.events.emit('sessionEnded', { reason: 'logged_out' });
    else if (session) this.events.emit('tokenRefreshed', { session });
  }

  /** Timers stop while a device sleeps: look again when the page is shown or the network returns. */
  private watchPage(): () => void {
    const page = globalThis as {
      document?: { visibilityState?: string; addEventListener?: Document['addEventListener'] };
      addEventListener?: Window['addEventListener'];
      removeEventListener?: Window['removeEventListener'];
    };
    if (this.options.autoRefresh === false || typeof page.addEventListener !== 'function') return () => {};
    const look = () => {
      if (page.document?.visibilityState === 'hidden') return;
      void this.load().then((session) => {
        if (session && !this.fresh(session)) void this.renew(false);
      });
    };
    page.addEventListener('online', look);
    page.document?.addEventListener?.('visibilitychange', look);
    return () => {
      page.removeEventListener?.('online', look);
      (page.document as Document | undefined)?.removeEventListener?.('visibilitychange', look);
    };
  }

  private later(delayMs: number, work: () => void): void {
    const timer = setTimeout(work, Math.max(0, Math.min(delayMs, 2_147_483_647)));
    // a Node process is not kept alive by a token's timers
    (timer as { unref?: () => void }).unref?.();
    this.timers.push(timer);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }
}

function configurationProblem(options: LifespanClientOptions): LifespanError | undefined {
  try {
    new URL(options.issuer);
  } catch {
    return new LifespanError('invalid_configuration', `issuer is not a URL: ${String(options.issuer)}`);
  }
  if (typeof options.clientId !== 'string' || options.clientId === '') {
    return new LifespanError('invalid_configuration', 'clientId is required');
  }
  const skew = options.refreshSkew;
  if (skew !== undefined && !(Number.isFinite(skew) && skew >= 0)) {
    return new LifespanError('invalid_configuration', 'refreshSkew must be a number of seconds, 0 or more');
  }
  return undefined;
}
