import type { FastifyReply } from 'fastify';
import type { OAuthErrorCode } from '../domain/errors.ts';

export const CLIENT_AUTH_CHALLENGE = 'Basic realm="lifespan"';

/** RFC 6749 §5.2 and RFC 6750 §3.1: the status of each error code; the others are 400. */
const STATUS: Partial<Record<OAuthErrorCode, number>> = {
  invalid_client: 401,
  invalid_token: 401,
  insufficient_scope: 403,
  temporarily_unavailable: 429,
  server_error: 500,
};

const quoted = (value: string): string => `"${value.replace(/["\\]/g, '')}"`;

/**
 * RFC 6749 §5.2: `error_description` holds only %x20-21 / %x23-5B / %x5D-7E. Descriptions may quote the request
 * (a parameter's name, a grant type): every other character from it — quote, backslash, control, non-ASCII — is
 * shown as "?".
 */
export const describable = (text: string): string => text.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '?');

/** Sends an RFC 6749 §5.2 error body, never cached, with the challenge 401 and 403 answers need. */
export function sendOAuthError(
  reply: FastifyReply,
  code: OAuthErrorCode,
  description: string,
  status = STATUS[code] ?? 400,
): FastifyReply {
  const text = describable(description);
  if (code === 'invalid_client') reply.header('www-authenticate', CLIENT_AUTH_CHALLENGE);
  if (code === 'invalid_token' || code === 'insufficient_scope') {
    // RFC 6750 §3: a bearer challenge naming the error
    reply.header(
      'www-authenticate',
      `Bearer realm="lifespan", error=${quoted(code)}, error_description=${quoted(text)}`,
    );
  }
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .send({ error: code, error_description: text });
}
