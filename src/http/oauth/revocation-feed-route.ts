import type { FastifyInstance } from 'fastify';
import type { ClientAuthentication } from '../../domain/clients/client-authentication.ts';
import { InvalidRequest } from '../../domain/errors.ts';
import type { SequencedRevocationEvent } from '../../domain/revocation/revocation-event.ts';
import { REVOCATION_FEED_SCOPE, type RevocationFeed } from '../../domain/revocation/revocation-feed.ts';
import { FormBody } from '../form.ts';
import { noStore } from './no-store.ts';
import { confidentialCredentials } from './request.ts';

/** The longest long poll: well under common proxy idle timeouts (60 s). */
export const MAX_WAIT_SECONDS = 30;

const seconds = (instant: number): number => Math.floor(instant / 1000);

/**
 * An event on the wire, in JWT terms: a token is ended by a not-before when its `iat` is at or before it (the
 * instant floored to whole seconds keeps that exact, as `iat` has whole seconds).
 */
function wireEvent(event: SequencedRevocationEvent) {
  switch (event.kind) {
    case 'service':
      return { type: 'service', not_before: seconds(event.notBefore) };
    case 'tenant':
      return { type: 'tenant', tenant: event.tenantId, not_before: seconds(event.notBefore) };
    case 'client':
      return { type: 'client', client_id: event.clientId, not_before: seconds(event.notBefore) };
    case 'user':
      return { type: 'user', sub: event.userId, not_before: seconds(event.notBefore) };
    case 'token':
      return { type: 'token', jti: event.jti, exp: Math.ceil(event.expiresAt / 1000) };
    case 'key':
      return { type: 'key', kid: event.kid, revoked_at: seconds(event.revokedAt) };
  }
}

const eventSchema = {
  type: 'object',
  description:
    'service, tenant, client, user: tokens (of that tenant, client or subject) whose iat is at or before not_before are ended; token: the JWT with this jti is revoked until its exp; key: tokens signed with kid are ended',
  properties: {
    type: { type: 'string', enum: ['service', 'tenant', 'client', 'user', 'token', 'key'] },
    not_before: { type: 'integer' },
    tenant: { type: 'string' },
    client_id: { type: 'string' },
    sub: { type: 'string' },
    jti: { type: 'string' },
    exp: { type: 'integer' },
    kid: { type: 'string' },
    revoked_at: { type: 'integer' },
  },
  required: ['type'],
} as const;

const pageSchema = {
  type: 'object',
  properties: {
    cursor: { type: 'string', description: 'send it back as `since` to resume after this answer' },
    snapshot: {
      type: 'boolean',
      description: 'true: the events are everything in force; replace what you hold with them',
    },
    tenant: { type: 'string', description: "the subscriber's tenant, whose tokens the tenant events end" },
    more: { type: 'boolean', description: 'more events are waiting: ask again at once' },
    events: { type: 'array', items: eventSchema },
  },
  required: ['cursor', 'snapshot', 'tenant', 'more', 'events'],
} as const;

const oauthErrorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, error_description: { type: 'string' } },
  required: ['error'],
} as const;

function cursorOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) {
    throw new InvalidRequest('since must be a cursor this endpoint returned');
  }
  return Number(value);
}

function waitOf(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'string' || !/^\d{1,2}$/.test(value) || Number(value) > MAX_WAIT_SECONDS) {
    throw new InvalidRequest(`wait must be a whole number of seconds from 0 to ${MAX_WAIT_SECONDS}`);
  }
  return Number(value);
}

export interface RevocationFeedRouteDeps {
  clientAuthentication: ClientAuthentication;
  feed: RevocationFeed;
}

/**
 * The revocation feed for resource servers: every change that ends tokens before their `exp`, resumable by
 * cursor, with a long poll (`wait`). Clients authenticate with client_secret_basic and must be allowed the
 * `lifespan:revocations` scope.
 */
export function registerRevocationFeedRoute(app: FastifyInstance, deps: RevocationFeedRouteDeps): void {
  app.addHook('preClose', async () => deps.feed.close());
  app.get(
    '/oauth2/revocations',
    {
      schema: {
        tags: ['revocation feed'],
        summary: 'changes that end tokens before their exp, for resource servers',
        description: `Without \`since\`: everything in force now (a snapshot) and a cursor. With \`since\`: the events after it, waiting up to \`wait\` seconds (at most ${MAX_WAIT_SECONDS}) when there is none yet. The client authenticates with HTTP Basic (client_secret_basic) and must be allowed the ${REVOCATION_FEED_SCOPE} scope.`,
        security: [{ clientBasic: [] }],
        // untyped, so that the handler answers each mistake in its own words (a repeated one included)
        querystring: {
          type: 'object',
          properties: {
            since: { description: 'a cursor from an earlier answer (digits)' },
            wait: { description: `seconds to wait for an event, 0 to ${MAX_WAIT_SECONDS}` },
          },
        },
        response: { 200: pageSchema, 400: oauthErrorSchema, 401: oauthErrorSchema },
      },
    },
    async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      // RFC 6749 §3.1: no parameter may appear more than once
      for (const name of ['since', 'wait']) {
        if (Array.isArray(query[name])) throw new InvalidRequest(`parameter ${name} is repeated`);
      }
      const since = cursorOf(query.since);
      const waitSeconds = waitOf(query.wait);
      const caller = await deps.clientAuthentication.authenticate(
        confidentialCredentials(request, new FormBody('')),
      );
      const page = await deps.feed.read(caller, since, waitSeconds * 1000);
      noStore(reply);
      return {
        cursor: String(page.cursor),
        snapshot: page.snapshot,
        tenant: page.tenantId,
        more: page.more,
        events: page.events.map(wireEvent),
      };
    },
  );
}
