import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/**
 * What a browser app on another origin may call: the endpoints a public client uses (token, revocation,
 * userinfo, device authorization, discovery and keys, the first-party API). The management API, the console and
 * the HTML pages stay same-origin.
 */
const OPEN_TO_APPS = [
  /^\/oauth2\/(token|revoke|userinfo|jwks|device_authorization)$/,
  /^\/\.well-known\/(openid-configuration|oauth-authorization-server)$/,
  /^\/api\/v1\/auth\/[a-z]+$/,
];

const isOpenToApps = (url: string): boolean => {
  const path = url.split('?')[0] ?? '';
  return OPEN_TO_APPS.some((pattern) => pattern.test(path));
};

/** CORS (Fetch standard §3.2) for the configured origins only, on the endpoints above; nothing when none is set. */
export async function allowCrossOrigin(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  const open: FastifyCorsOptions = {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    // no cookies cross origins: apps send tokens, never the login session
    credentials: false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type'],
    maxAge: 600,
  };
  await app.register(cors, {
    delegator: (request, callback) => callback(null, isOpenToApps(request.url) ? open : { origin: false }),
  });
}
