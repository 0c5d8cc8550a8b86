import * as oauth from 'oauth4webapi';
import { LifespanError } from './errors.ts';

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON request to the server; a refusal becomes a LifespanError with the server's OAuth error. */
export async function jsonRequest(
  fetch: Fetch,
  url: string,
  init: { method: string; body?: unknown; bearer?: string },
): Promise<Record<string, unknown> | undefined> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: {
        accept: 'application/json',
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
        ...(init.bearer !== undefined && { authorization: `Bearer ${init.bearer}` }),
      },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
    });
  } catch (error) {
    throw new LifespanError('network_error', error instanceof Error ? error.message : String(error));
  }
  if (response.status === 204) return undefined;
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok && isRecord(body)) return body;
  if (isRecord(body) && typeof body.error === 'string') {
    const description = typeof body.error_description === 'string' ? body.error_description : undefined;
    throw new LifespanError(body.error, description, response.status);
  }
  const code = response.status >= 500 ? 'server_error' : 'invalid_response';
  throw new LifespanError(code, `HTTP ${response.status}`, response.status);
}

/** oauth4webapi's errors, and fetch's, as LifespanErrors. */
export function asLifespanError(error: unknown): LifespanError {
  if (error instanceof LifespanError) return error;
  if (error instanceof oauth.ResponseBodyError) {
    return new LifespanError(error.error, error.error_description, error.status);
  }
  if (error instanceof oauth.AuthorizationResponseError) {
    return new LifespanError(error.error, error.error_description);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    return new LifespanError('invalid_token', error.message, error.status);
  }
  if (error instanceof oauth.OperationProcessingError) {
    const status = error.cause instanceof Response ? error.cause.status : undefined;
    if (status !== undefined && status >= 500)
      return new LifespanError('server_error', error.message, status);
    return new LifespanError('invalid_response', error.message, status);
  }
  // fetch rejects with a TypeError when nothing answers (and AbortSignal timeouts with a DOMException)
  return new LifespanError('network_error', error instanceof Error ? error.message : String(error));
}
