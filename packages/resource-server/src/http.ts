import type { Fetch } from './types.ts';

/** Fetches with a time limit, so an authorization server that hangs cannot hang every API request. */
export function timedFetch(fetch: Fetch, timeoutMs: number): Fetch {
  return (url, init = {}) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON object of a 200 response, or an error naming what came instead. */
export async function jsonObject(response: Response, what: string): Promise<Record<string, unknown>> {
  if (response.status !== 200) throw new Error(`${what}: HTTP ${response.status}`);
  const body: unknown = await response.json();
  if (!isRecord(body)) throw new Error(`${what}: not a JSON object`);
  return body;
}
