import type { FastifyRequest } from 'fastify';
import { InvalidToken } from '../../domain/errors.ts';
import { FormBody } from '../form.ts';

/** RFC 6750 §2.1 (Authorization header) or §2.2 (form body): the bearer token, exactly one way. */
export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const fromHeader =
    header !== undefined && header.slice(0, 7).toLowerCase() === 'bearer '
      ? header.slice(7).trim()
      : undefined;
  const fromBody = request.body instanceof FormBody ? request.body.get('access_token') : undefined;
  if (fromHeader && fromBody) throw new InvalidToken('send the access token one way only');
  const token = fromHeader || fromBody;
  if (!token) throw new InvalidToken('an access token is required');
  return token;
}
