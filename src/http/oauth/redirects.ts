import type { FastifyReply } from 'fastify';

/** RFC 6749 §4.1.2 / §4.2.2: parameters in the redirect URI's query (kept with its own) or in its fragment. */
export function redirectWith(
  reply: FastifyReply,
  status: 302 | 303,
  redirectUri: string,
  responseMode: 'query' | 'fragment',
  parameters: Record<string, string>,
): FastifyReply {
  let location: string;
  if (responseMode === 'fragment') {
    location = `${redirectUri}#${new URLSearchParams(parameters).toString()}`;
  } else {
    const url = new URL(redirectUri);
    for (const [name, value] of Object.entries(parameters)) url.searchParams.append(name, value);
    location = url.toString();
  }
  return reply.code(status).header('cache-control', 'no-store').redirect(location, status);
}

/** Query parameters as single strings, with the names that were sent more than once. */
export function singleValues(query: unknown): { values: Record<string, string>; repeated: string[] } {
  const values: Record<string, string> = {};
  const repeated: string[] = [];
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(value)) {
      repeated.push(name);
      values[name] = String(value[0]);
    } else if (typeof value === 'string' && value !== '') {
      // RFC 6749 §3.1: a parameter sent without a value is treated as omitted
      values[name] = value;
    }
  }
  return { values, repeated };
}
