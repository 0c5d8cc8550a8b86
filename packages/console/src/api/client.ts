import createClient from 'openapi-fetch';
import { refreshTokens } from '../auth/sign-in.ts';
import { tokens } from '../auth/token-store.ts';
import type { paths } from './management-api.ts';
import { ApiError, problemOf } from './problem.ts';

/** Refresh a little before the access token's end, so no call carries an expired one. */
const REFRESH_MARGIN_MS = 30_000;

let lastActivity = Date.now();
const activityListeners = new Set<(at: number) => void>();

/** When the server last answered a call: each call is the administrator's activity for the session. */
export const lastActivityAt = (): number => lastActivity;
export function onActivity(listener: (at: number) => void): () => void {
  activityListeners.add(listener);
  return () => activityListeners.delete(listener);
}
function recordActivity(): void {
  lastActivity = Date.now();
  for (const listener of activityListeners) listener(lastActivity);
}

type SessionEndListener = (reason: string) => void;
let sessionEnded: SessionEndListener = () => undefined;

/** The console's sign-in state hears here when the server says the session is over. */
export function onSessionEnd(listener: SessionEndListener): void {
  sessionEnded = listener;
}

async function freshAccessToken(): Promise<string | undefined> {
  const held = tokens();
  if (!held) return undefined;
  if (held.expiresAt - Date.now() > REFRESH_MARGIN_MS) return held.accessToken;
  return (await refreshTokens())?.accessToken;
}

const withToken = (request: Request, token: string): Request => {
  const headers = new Headers(request.headers);
  headers.set('authorization', `Bearer ${token}`);
  return new Request(request, { headers });
};

/**
 * Every management call: with a fresh access token (refreshed first when it is about to end), and once more
 * after a refresh when the server refused the token. When the server says the console session has ended
 * (idle or maximum lifetime of the administrators' policy), the console goes back to its sign-in page.
 */
async function authorizedFetch(request: Request): Promise<Response> {
  const token = await freshAccessToken();
  if (token === undefined) {
    sessionEnded('You are signed out.');
    throw new ApiError(problemOf(401, undefined));
  }
  const retry = request.clone();
  let response = await fetch(withToken(request, token));
  if (response.status !== 401) {
    recordActivity();
    return response;
  }
  const problem = problemOf(
    401,
    await response
      .clone()
      .json()
      .catch(() => undefined),
  );
  if (!problem.detail.includes('session has ended')) {
    const refreshed = await refreshTokens();
    if (refreshed) response = await fetch(withToken(retry, refreshed.accessToken));
    if (response.status !== 401) {
      recordActivity();
      return response;
    }
  }
  sessionEnded(
    problem.detail.includes('session has ended')
      ? 'Your console session has ended: it was idle too long or reached its maximum lifetime. Sign in again.'
      : 'Your sign-in is no longer valid. Sign in again.',
  );
  return response;
}

export const api = createClient<paths>({ baseUrl: window.location.origin, fetch: authorizedFetch });

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer's data, or an ApiError carrying the server's problem. */
export async function answered<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw new ApiError(problemOf(response.status, error));
  return data as T;
}
