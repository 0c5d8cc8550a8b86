import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Client } from '../../domain/clients/client.ts';
import type { TokenGrantResult } from '../../domain/grants/grant.ts';
import type { Services } from '../../services.ts';
import { auditContext } from '../audit-context.ts';
import { bearerToken } from '../oauth/bearer.ts';
import { noStore } from '../oauth/no-store.ts';
import { limitRequest } from '../rate-limit.ts';
import type { TypedApp } from '../typed-app.ts';

const ClientFields = {
  client_id: Type.String({ minLength: 1, maxLength: 128 }),
  client_secret: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  scope: Type.Optional(Type.String({ maxLength: 2000 })),
  expires_in: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'a lifetime to ask for' }),
  ),
};
const Credentials = {
  username: Type.String({ minLength: 1, maxLength: 200 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
};

/** The standard RFC 6749 §5.1 token response. */
export const tokenBody = (result: TokenGrantResult) => ({
  access_token: result.accessToken,
  token_type: result.tokenType,
  expires_in: result.expiresIn,
  scope: result.scope,
  ...(result.refreshToken !== undefined && { refresh_token: result.refreshToken }),
  ...(result.refreshTokenExpiresIn !== undefined && {
    refresh_token_expires_in: result.refreshTokenExpiresIn,
  }),
  ...(result.idToken !== undefined && { id_token: result.idToken }),
});

/** Seed 001's app-side login for the operator's own apps: `/api/v1/auth`. */
export function registerFirstPartyRoutes(app: TypedApp, services: Services): void {
  const { firstParty } = services;

  async function clientOf(
    request: FastifyRequest,
    body: { client_id: string; client_secret?: string | undefined },
  ): Promise<Client> {
    await limitRequest(services, request, body.client_id);
    return services.clientAuthentication.authenticate(
      body.client_secret === undefined
        ? { clientId: body.client_id, method: 'none' }
        : { clientId: body.client_id, secret: body.client_secret, method: 'client_secret_post' },
    );
  }
  const requestOf = async (
    request: FastifyRequest,
    body: {
      client_id: string;
      client_secret?: string | undefined;
      scope?: string | undefined;
      expires_in?: number | undefined;
    },
  ) => ({
    client: await clientOf(request, body),
    scope: body.scope,
    requestedLifetime: body.expires_in,
  });
  /** The token response; each issue is counted per tenant and method for the console's overview. */
  const tokens = (reply: FastifyReply, client: Client, method: string, result: TokenGrantResult) => {
    services.issuance.record(client.tenantId, `first-party:${method}`);
    noStore(reply);
    return tokenBody(result);
  };

  app.post(
    '/api/v1/auth/signup',
    {
      schema: {
        body: Type.Object(
          {
            ...ClientFields,
            ...Credentials,
            name: Type.Optional(Type.String({ maxLength: 200 })),
            email: Type.Optional(Type.String({ maxLength: 320 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { username, password, name, email } = request.body;
      const profile = {
        ...(name !== undefined && { name }),
        ...(email !== undefined && { email, email_verified: false }),
      };
      const order = await requestOf(request, request.body);
      const result = await firstParty.signup(order, username, password, profile, auditContext(request));
      return tokens(reply.code(201), order.client, 'signup', result);
    },
  );

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        body: Type.Object(
          {
            ...ClientFields,
            ...Credentials,
            device_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { username, password, device_id } = request.body;
      // a device is the device_id the app sends, or else the client address (seed 004 lockout)
      const device = device_id ?? request.ip;
      const order = await requestOf(request, request.body);
      const result = await firstParty.login(order, username, password, device, auditContext(request));
      return tokens(reply, order.client, 'login', result);
    },
  );

  app.post(
    '/api/v1/auth/anonymous',
    { schema: { body: Type.Object(ClientFields, { additionalProperties: false }) } },
    async (request, reply) => {
      const order = await requestOf(request, request.body);
      return tokens(reply.code(201), order.client, 'anonymous', await firstParty.anonymous(order));
    },
  );

  app.post(
    '/api/v1/auth/external',
    {
      schema: {
        body: Type.Object(
          { ...ClientFields, id_token: Type.String({ minLength: 1, maxLength: 16_384 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const order = await requestOf(request, request.body);
      const result = await firstParty.external(order, request.body.id_token, auditContext(request));
      return tokens(reply, order.client, 'external', result);
    },
  );

  app.get('/api/v1/auth/me', async (request: FastifyRequest, reply: FastifyReply) => {
    const { token, user } = await firstParty.savedToken(bearerToken(request));
    noStore(reply);
    // seed 001 #3: a saved token keeps its own expiry; nothing is issued or extended
    return {
      sub: user.id,
      username: user.username,
      subject_class: user.subjectClass,
      client_id: token.clientId,
      scope: token.scope,
      issued_at: token.issuedAt / 1000,
      expires_at: token.expiresAt / 1000,
      expires_in: Math.max(0, Math.floor((token.expiresAt - services.clock.now()) / 1000)),
    };
  });

  app.post('/api/v1/auth/logout', async (request: FastifyRequest, reply: FastifyReply) => {
    await firstParty.logout(bearerToken(request), auditContext(request));
    return reply.code(204).send();
  });

  app.post(
    '/api/v1/auth/password',
    {
      schema: {
        body: Type.Object(
          {
            current_password: Type.String({ minLength: 1, maxLength: 1024 }),
            new_password: Type.String({ minLength: 1, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      await firstParty.changePassword(
        bearerToken(request),
        request.body.current_password,
        request.body.new_password,
      );
      return reply.code(204).send(null);
    },
  );
}
