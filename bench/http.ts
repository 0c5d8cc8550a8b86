/** Small fetch helpers for setting the servers up (the load itself goes through autocannon). */

export interface HttpAnswer {
  status: number;
  text: string;
}

export const basicAuthorization = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

export const FORM = 'application/x-www-form-urlencoded';

export async function send(
  url: string,
  init: { method: 'GET' | 'POST' | 'PUT'; headers?: Record<string, string>; body?: string },
): Promise<HttpAnswer> {
  const response = await fetch(url, init);
  return { status: response.status, text: await response.text() };
}

/** Sends and insists on one status; the error names the request and shows the answer. */
export async function expectStatus(
  what: string,
  url: string,
  init: { method: 'GET' | 'POST' | 'PUT'; headers?: Record<string, string>; body?: string },
  status: number,
): Promise<string> {
  const answer = await send(url, init);
  if (answer.status !== status) {
    throw new Error(`${what}: expected HTTP ${status}, got ${answer.status}: ${answer.text.slice(0, 500)}`);
  }
  return answer.text;
}

export function parseObject(what: string, text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${what}: expected a JSON object, got ${text.slice(0, 200)}`);
  }
  return value as Record<string, unknown>;
}
