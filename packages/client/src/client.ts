import * as oauth from 'oauth4webapi';
import { ClientCore, type LifespanClientOptions } from './client-core.ts';
import { LifespanError } from './errors.ts';
import type { ClientEvents, EventName } from './events.ts';
import { type Session, unverifiedClaims } from './session.ts';
import { asLifespanError, jsonRequest } from './wire.ts';

/** What survives the trip to the authorization endpoint: never a token, only what checks the answer. */
interface PendingAuthorization {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
}

/** A device authorization (RFC 8628 §3.2) in progress: show the code, then await `complete()`. */
export interface DeviceAuthorization {
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string | undefined;
  /** Seconds until the device code ends. */
  expiresIn: number;
  /** Polls the token endpoint at the server's pace until the user approves, denies or the code ends. */
  complete(): Promise<Session>;
}

/** What `/api/v1/auth/me` says of a saved token: it is not re-issued or extended. */
export interface Me {
  sub: string;
  username: string | null;
  subjectClass: string;
  clientId: string;
  scope: string;
  /** Server clock, epoch milliseconds. */
  issuedAt: number;
  expiresAt: number;
  expiresIn: number;
}

/**
 * A Lifespan client: signs in by any of the server's flows, keeps the session in its storage, and hands out
 * access tokens that are fresh, renewing them once however many callers and tabs ask at the same moment.
 * The constructor never throws: a mistake in the options is reported by every call.
 */
export class LifespanClient {
  private readonly core: ClientCore;
  private readonly stopped = new AbortController();

  constructor(options: LifespanClientOptions) {
    this.core = new ClientCore(options);
  }

  on<K extends EventName>(name: K, handler: (event: ClientEvents[K]) => void): () => void {
    return this.core.on(name, handler);
  }

  /**
   * The lifetime (seconds) to ask for at future logins, sign-ups and external logins, as `expires_in` (seed
   * 001's setAccessTokenExpiration); undefined to let the server's policy decide. The server may shorten or
   * refuse it under its ceilings: the session's `expiresIn` says what was granted.
   */
  setAccessTokenExpiration(seconds: number | undefined): void {
    this.core.requestedExpiresIn = seconds;
  }

  /** A token with at least `refreshSkew` seconds left, renewed first when needed; undefined when signed out. */
  getAccessToken(): Promise<string | undefined> {
    return this.core.accessToken();
  }

  /** Renews the tokens now, whatever time they have left (once, whoever else asks). */
  refresh(): Promise<Session | undefined> {
    return this.core.renew(true);
  }

  /** The stored session, as it is (no renewal). */
  session(): Promise<Session | undefined> {
    return this.core.load();
  }

  // --- authorization code + PKCE (RFC 6749 §4.1, RFC 7636, OpenID Connect Core §3.1)

  /** The authorization request's URL, its state, nonce and PKCE verifier kept in the storage for the callback. */
  async authorizationUrl(
    parameters: { scope?: string; prompt?: string; loginHint?: string } = {},
  ): Promise<string> {
    const as = await this.core.authorizationServer();
    const redirectUri = this.core.options.redirectUri;
    if (redirectUri === undefined)
      throw new LifespanError('invalid_configuration', 'redirectUri is required');
    const pending: PendingAuthorization = {
      state: oauth.generateRandomState(),
      nonce: oauth.generateRandomNonce(),
      verifier: oauth.generateRandomCodeVerifier(),
      redirectUri,
    };
    await this.core.storage.set(`${this.core.key}:pending`, JSON.stringify(pending));
    const url = new URL(as.authorization_endpoint ?? '');
    const scope = parameters.scope ?? this.core.options.scope ?? 'openid';
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.core.options.clientId,
      redirect_uri: redirectUri,
      scope,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oauth.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      ...(parameters.prompt !== undefined && { prompt: parameters.prompt }),
      ...(parameters.loginHint !== undefined && { login_hint: parameters.loginHint }),
    }).toString();
    return url.href;
  }

  /** Handles the redirect back: checks state (RFC 6749 §10.12) and issuer (RFC 9207), redeems the code. */
  async handleRedirect(currentUrl: string | URL): Promise<Session> {
    const as = await this.core.authorizationServer();
    const key = `${this.core.key}:pending`;
    const stored = await this.core.storage.get(key);
    await this.core.storage.remove(key);
    if (stored === null) throw new LifespanError('invalid_request', 'no authorization was started here');
    const pending = JSON.parse(stored) as PendingAuthorization;
    try {
      const client = this.core.client();
      const parameters = oauth.validateAuthResponse(as, client, new URL(currentUrl), pending.state);
      const response = await oauth.authorizationCodeGrantRequest(
        as,
        client,
        this.core.clientAuth(),
        parameters,
        pending.redirectUri,
        pending.verifier,
        this.core.requestOptions(),
      );
      const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
        expectedNonce: pending.nonce,
      });
      return await this.core.store(result, 'authorization_code', undefined);
    } catch (error) {
      throw asLifespanError(error);
    }
  }

  // --- Lifespan's first-party API (/api/v1/auth), for the operator's own apps

  signup(account: { username: string; password: string; name?: string; email?: string }): Promise<Session> {
    return this.firstParty('signup', { ...account });
  }

  /** A password login; `deviceId` names the device for the lockout (seed 004). */
  login(credentials: { username: string; password: string; deviceId?: string }): Promise<Session> {
    const { deviceId, ...rest } = credentials;
    return this.firstParty('login', { ...rest, ...(deviceId !== undefined && { device_id: deviceId }) });
  }

  anonymous(): Promise<Session> {
    return this.firstParty('anonymous', {});
  }

  /** A login with an ID token from a provider the tenant trusts. */
  external(idToken: string): Promise<Session> {
    return this.firstParty('external', { id_token: idToken });
  }

  /**
   * Restores a saved token without re-issuing it, with its own expiry (`expiresAt`: epoch milliseconds on the
   * server's clock, corrected by the offset seen on earlier tokens). With `check`, asks the server whether the
   * token still stands — an expire-all or password change may have ended it.
   */
  async authenticateWithToken(
    accessToken: string,
    expiresAt: number,
    options: { check?: boolean } = {},
  ): Promise<Session> {
    if (this.core.misconfigured) throw this.core.misconfigured;
    const offset = (await this.core.load())?.clockOffsetMs ?? 0;
    const claims = unverifiedClaims(accessToken);
    let session: Session = {
      accessToken,
      tokenType: 'Bearer',
      expiresAt: expiresAt - offset,
      expiresIn: undefined,
      requestedExpiresIn: undefined,
      refreshToken: undefined,
      idToken: undefined,
      scope: typeof claims?.scope === 'string' ? claims.scope : undefined,
      subject: typeof claims?.sub === 'string' ? claims.sub : undefined,
      source: 'restored',
      clockOffsetMs: offset,
      serial: 0,
    };
    if (options.check) {
      try {
        const me = await this.meOf(accessToken);
        session = { ...session, subject: me.sub, scope: me.scope };
      } catch (error) {
        const refused = asLifespanError(error);
        if (refused.code === 'invalid_token') await this.core.end('token_rejected', refused);
        throw refused;
      }
    }
    return this.core.save(session);
  }

  /** What the server says of the current token (its subject and own expiry); nothing is re-issued. */
  async me(): Promise<Me> {
    const session = await this.core.load();
    if (!session) throw new LifespanError('no_session', 'nobody is signed in');
    return this.meOf(session.accessToken);
  }

  /** Ends the login at the server (the first-party API, or the refresh token's revocation), then here. */
  async logout(): Promise<void> {
    const session = await this.core.load();
    if (!session) return;
    try {
      if (session.source === 'first_party' || session.source === 'restored') {
        await jsonRequest(this.core.fetch, this.url('/api/v1/auth/logout'), {
          method: 'POST',
          bearer: session.accessToken,
        });
      } else if (session.refreshToken !== undefined) {
        const as = await this.core.authorizationServer();
        const response = await oauth.revocationRequest(
          as,
          this.core.client(),
          this.core.clientAuth(),
          session.refreshToken,
          { ...this.core.requestOptions(), additionalParameters: { token_type_hint: 'refresh_token' } },
        );
        await oauth.processRevocationResponse(response);
      }
    } finally {
      await this.core.end('logged_out');
    }
  }

  /** Changes the signed-in user's password; the server's policy decides which of their tokens end. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const token = await this.getAccessToken();
    if (token === undefined) throw new LifespanError('no_session', 'nobody is signed in');
    await jsonRequest(this.core.fetch, this.url('/api/v1/auth/password'), {
      method: 'POST',
      bearer: token,
      body: { current_password: currentPassword, new_password: newPassword },
    });
  }

  // --- device authorization (RFC 8628), for CLIs and TVs

  async startDeviceAuthorization(parameters: { scope?: string } = {}): Promise<DeviceAuthorization> {
    const as = await this.core.authorizationServer();
    const scope = parameters.scope ?? this.core.options.scope;
    try {
      const response = await oauth.deviceAuthorizationRequest(
        as,
        this.core.client(),
        this.core.clientAuth(),
        scope === undefined ? {} : { scope },
        this.core.requestOptions(),
      );
      const started = await oauth.processDeviceAuthorizationResponse(as, this.core.client(), response);
      return {
        userCode: started.user_code,
        verificationUri: started.verification_uri,
        verificationUriComplete: started.verification_uri_complete,
        expiresIn: started.expires_in,
        complete: () => this.pollDevice(as, started.device_code, started.interval ?? 5),
      };
    } catch (error) {
      throw asLifespanError(error);
    }
  }

  // --- client credentials (RFC 6749 §4.4), for services: renewed by the same grant when it runs out

  async clientCredentials(parameters: { scope?: string } = {}): Promise<Session> {
    try {
      return await this.core.clientCredentials(parameters.scope ?? this.core.options.scope);
    } catch (error) {
      throw asLifespanError(error);
    }
  }

  /** Stops timers and cross-tab messages; the stored session stays. */
  close(): void {
    this.stopped.abort();
    this.core.close();
  }

  private async pollDevice(
    as: oauth.AuthorizationServer,
    deviceCode: string,
    interval: number,
  ): Promise<Session> {
    let seconds = interval;
    for (;;) {
      await this.sleep(seconds * 1000);
      try {
        const response = await oauth.deviceCodeGrantRequest(
          as,
          this.core.client(),
          this.core.clientAuth(),
          deviceCode,
          this.core.requestOptions(),
        );
        const result = await oauth.processDeviceCodeResponse(as, this.core.client(), response);
        return await this.core.store(result, 'device_code', undefined);
      } catch (error) {
        const refused = asLifespanError(error);
        if (refused.code === 'authorization_pending') continue;
        if (refused.code === 'slow_down') {
          seconds += 5; // RFC 8628 §3.5
          continue;
        }
        throw refused;
      }
    }
  }

  private async firstParty(method: string, fields: Record<string, unknown>): Promise<Session> {
    if (this.core.misconfigured) throw this.core.misconfigured;
    const requested = this.core.requestedExpiresIn;
    const { clientId, clientSecret, scope } = this.core.options;
    const body = await jsonRequest(this.core.fetch, this.url(`/api/v1/auth/${method}`), {
      method: 'POST',
      body: {
        client_id: clientId,
        ...(clientSecret !== undefined && { client_secret: clientSecret }),
        ...(scope !== undefined && { scope }),
        ...(requested !== undefined && { expires_in: requested }),
        ...fields,
      },
    });
    if (typeof body?.access_token !== 'string') {
      throw new LifespanError('invalid_response', 'the answer has no access_token');
    }
    return this.core.store(body as { access_token: string }, 'first_party', requested);
  }

  private async meOf(accessToken: string): Promise<Me> {
    const body = await jsonRequest(this.core.fetch, this.url('/api/v1/auth/me'), {
      method: 'GET',
      bearer: accessToken,
    });
    if (typeof body?.sub !== 'string') throw new LifespanError('invalid_response', 'the answer has no sub');
    return {
      sub: body.sub,
      username: typeof body.username === 'string' ? body.username : null,
      subjectClass: String(body.subject_class),
      clientId: String(body.client_id),
      scope: String(body.scope),
      issuedAt: Number(body.issued_at) * 1000,
      expiresAt: Number(body.expires_at) * 1000,
      expiresIn: Number(body.expires_in),
    };
  }

  private url(path: string): string {
    return `${this.core.options.issuer.replace(/\/$/, '')}${path}`;
  }

  private sleep(ms: number): Promise<void> {
    const { signal } = this.stopped;
    if (signal.aborted) return Promise.reject(new LifespanError('aborted', 'the client was closed'));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(new LifespanError('aborted', 'the client was closed'));
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
