import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'lifespan_session';
export const INTERACTION_COOKIE = 'lifespan_interaction';

/** HttpOnly, SameSite=Lax, and Secure when the issuer is https. */
export function cookieOptions(issuer: string): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', secure: issuer.startsWith('https:'), path: '/' };
}

export const cookieOf = (request: FastifyRequest, name: string): string | undefined => request.cookies[name];

export function setCookie(reply: FastifyReply, issuer: string, name: string, value: string): void {
  reply.setCookie(name, value, cookieOptions(issuer));
}

export function clearCookie(reply: FastifyReply, issuer: string, name: string): void {
  reply.clearCookie(name, cookieOptions(issuer));
}
