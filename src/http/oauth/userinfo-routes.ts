import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Userinfo } from '../../domain/tokens/userinfo.ts';
import { bearerToken } from './bearer.ts';
import { noStore } from './no-store.ts';

/** OpenID Connect Core §5.3: GET or POST with a bearer access token. */
export function registerUserinfoRoutes(app: FastifyInstance, userinfo: Userinfo): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const claims = await userinfo.claims(bearerToken(request));
    noStore(reply);
    return claims;
  };
  app.get('/oauth2/userinfo', handler);
  app.post('/oauth2/userinfo', handler);
}
