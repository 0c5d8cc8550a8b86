import type { FastifyRequest } from 'fastify';
import type { PresentedCredentials } from '../../domain/clients/client-authentication.ts';
import { InvalidClient, InvalidRequest } from '../../domain/errors.ts';
import { FormBody } from '../form.ts';

/** The form body of an OAuth request; RFC 6749 §3.2: no parameter may appear more than once. */
export function formOf(request: FastifyRequest): FormBody {
  if (!(request.body instanceof FormBody)) {
    throw new InvalidRequest('the request body must be application/x-www-form-urlencoded');
  }
  const [repeated] = request.body.repeated;
  if (repeated !== undefined) throw new InvalidRequest(`parameter ${repeated} is repeated`);
  return request.body;
}

export function requiredParameter(form: FormBody, name: string): string {
  const value = form.get(name);
  if (value === undefined) throw new InvalidRequest(`${name} is required`);
  return value;
}

// RFC 6749 §2.3.1: client id and secret are form-encoded before Basic encoding
const formDecode = (value: string): string => decodeURIComponent(value.replaceAll('+', ' '));

function basicCredentials(header: string): { clientId: string; secret: string } {
  const decoded = Buffer.from(header.slice('basic '.length).trim(), 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0) throw new InvalidClient('malformed Basic credentials');
  try {
    return {
      clientId: formDecode(decoded.slice(0, separator)),
      secret: formDecode(decoded.slice(separator + 1)),
    };
  } catch {
    throw new InvalidClient('malformed Basic credentials');
  }
}

/**
 * The client credentials as presented: Basic (client_secret_basic), body (client_secret_post), or a bare
 * client_id (public client). RFC 6749 §2.3: a request uses exactly one method.
 */
export function presentedCredentials(request: FastifyRequest, form: FormBody): PresentedCredentials {
  const header = request.headers.authorization;
  const bodyId = form.get('client_id');
  const bodySecret = form.get('client_secret');
  if (header !== undefined && header.slice(0, 6).toLowerCase() === 'basic ') {
    if (bodySecret !== undefined) throw new InvalidRequest('use only one client authentication method');
    const { clientId, secret } = basicCredentials(header);
    if (bodyId !== undefined && bodyId !== clientId)
      throw new InvalidRequest('client_id does not match the credentials');
    return { clientId, secret, method: 'client_secret_basic' };
  }
  if (bodyId === undefined) throw new InvalidClient('client authentication is required');
  if (bodySecret !== undefined) return { clientId: bodyId, secret: bodySecret, method: 'client_secret_post' };
  return { clientId: bodyId, method: 'none' };
}

/** Introspection and revocation are for confidential clients (RFC 7662 §2.1, RFC 7009 §2.1). */
export function confidentialCredentials(request: FastifyRequest, form: FormBody): PresentedCredentials {
  const presented = presentedCredentials(request, form);
  if (presented.method === 'none') throw new InvalidClient('client authentication is required');
  return presented;
}
