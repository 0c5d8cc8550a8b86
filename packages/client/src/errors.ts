/**
 * A refusal or failure, with the OAuth error code (RFC 6749 §5.2) when the server gave one, else one of the SDK's
 * own: `network_error` (no answer), `server_error` (a 5xx), `invalid_response`, `invalid_configuration`,
 * `no_session`.
 */
export class LifespanError extends Error {
  override readonly name = 'LifespanError';

  constructor(
    readonly code: string,
    readonly description?: string,
    /** The HTTP status, when the server answered. */
    readonly status?: number,
  ) {
    super(description === undefined ? code : `${code}: ${description}`);
  }

  /** True for failures that may pass (no answer, a 5xx): tokens are kept and the call can be tried again. */
  get transient(): boolean {
    return this.code === 'network_error' || (this.status !== undefined && this.status >= 500);
  }
}
