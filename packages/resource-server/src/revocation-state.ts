import { isRecord } from './http.ts';
import type { AccessToken } from './types.ts';

/** One page of Lifespan's revocation feed (GET /oauth2/revocations), as the wire carries it. */
export interface FeedPage {
  cursor: string;
  snapshot: boolean;
  tenant: string;
  more: boolean;
  events: readonly Record<string, unknown>[];
}

export function parseFeedPage(body: Record<string, unknown>): FeedPage {
  const { cursor, snapshot, tenant, more, events } = body;
  if (typeof cursor !== 'string' || typeof snapshot !== 'boolean' || typeof tenant !== 'string') {
    throw new Error('the revocation feed answered without cursor, snapshot or tenant');
  }
  if (!Array.isArray(events) || !events.every(isRecord)) {
    throw new Error('the revocation feed answered without a list of events');
  }
  return { cursor, snapshot, tenant, more: more === true, events };
}

const later = (a: number | undefined, b: number): number => (a === undefined || b > a ? b : a);

/**
 * What the feed says has ended, held in memory: the not-before instants (seconds) of the service, the
 * subscriber's tenant chain, clients and users; revoked token ids until they expire; revoked keys. A token
 * whose `iat` is at or before a not-before on its path has ended, as at the server.
 */
export class RevocationState {
  private service: number | undefined;
  private tenantNotBefore: number | undefined;
  private tenant: string | undefined;
  private readonly clients = new Map<string, number>();
  private readonly users = new Map<string, number>();
  private readonly tokens = new Map<string, number>();
  private readonly keys = new Set<string>();

  /** Applies a page: a snapshot replaces everything, other pages add to it. */
  apply(page: FeedPage, nowSeconds: number): void {
    if (page.snapshot) this.clear();
    this.tenant = page.tenant;
    for (const event of page.events) this.add(event);
    // revoked ids are kept only until the tokens they name expire
    for (const [jti, exp] of this.tokens) if (exp < nowSeconds) this.tokens.delete(jti);
  }

  /** Why the feed ends this token, or undefined when it does not. */
  refusal(token: AccessToken): string | undefined {
    if (token.keyId !== undefined && this.keys.has(token.keyId)) {
      return 'the access token is signed with a revoked key';
    }
    if (token.tokenId !== undefined && this.tokens.has(token.tokenId)) return 'the access token was revoked';
    if (token.issuedAt === undefined) return undefined;
    const { tid, grant_id: grantId } = token.claims;
    let notBefore = this.service;
    if (tid === this.tenant && this.tenantNotBefore !== undefined) {
      notBefore = later(notBefore, this.tenantNotBefore);
    }
    const client = this.clients.get(token.clientId);
    if (client !== undefined) notBefore = later(notBefore, client);
    // a user's not-before ends the user's tokens (they carry their grant), not a client's own tokens
    const user = typeof grantId === 'string' ? this.users.get(token.subject) : undefined;
    if (user !== undefined) notBefore = later(notBefore, user);
    return notBefore !== undefined && token.issuedAt <= notBefore
      ? 'the access token was revoked'
      : undefined;
  }

  private add(event: Record<string, unknown>): void {
    const { type, not_before: notBefore } = event;
    const text = (name: string) => (typeof event[name] === 'string' ? (event[name] as string) : undefined);
    if (type === 'key') {
      const kid = text('kid');
      if (kid !== undefined) this.keys.add(kid);
      return;
    }
    if (type === 'token') {
      const jti = text('jti');
      if (jti !== undefined && typeof event.exp === 'number') this.tokens.set(jti, event.exp);
      return;
    }
    if (typeof notBefore !== 'number') return; // a kind this version does not know: ignored
    if (type === 'service') this.service = later(this.service, notBefore);
    else if (type === 'tenant') this.tenantNotBefore = later(this.tenantNotBefore, notBefore);
    else if (type === 'client') setLater(this.clients, text('client_id'), notBefore);
    else if (type === 'user') setLater(this.users, text('sub'), notBefore);
  }

  private clear(): void {
    this.service = undefined;
    this.tenantNotBefore = undefined;
    this.clients.clear();
    this.users.clear();
    this.tokens.clear();
    this.keys.clear();
  }
}

function setLater(map: Map<string, number>, id: string | undefined, at: number): void {
  if (id !== undefined) map.set(id, later(map.get(id), at));
}
