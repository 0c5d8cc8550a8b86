import { basic, type TestLifespan } from '../../../../test/support/lifespan.ts';

export { type ServedLifespan, servedLifespan } from '../../../../test/support/served-lifespan.ts';

export interface Credentials {
  clientId: string;
  secret: string;
}

/** A confidential client of tenant `acme`, created through the management API. */
export async function createClient(
  lifespan: TestLifespan,
  id: string,
  extra: Record<string, unknown> = {},
): Promise<Credentials> {
  const response = await lifespan.admin('POST', '/admin/v1/clients', {
    id,
    tenantId: 'acme',
    name: id,
    scopes: ['read', 'write'],
    ...extra,
  });
  if (response.statusCode !== 201) throw new Error(`client ${id}: ${response.body}`);
  return { clientId: response.json().clientId, secret: response.json().clientSecret };
}

export async function createTenant(lifespan: TestLifespan): Promise<void> {
  const response = await lifespan.admin('POST', '/admin/v1/tenants', { id: 'acme', name: 'Acme' });
  if (response.statusCode !== 201) throw new Error(`tenant: ${response.body}`);
}

export interface IssuedToken {
  access_token: string;
  expires_in: number;
  scope: string;
}

/** An access token by the client credentials grant (RFC 6749 §4.4). */
export async function clientToken(
  lifespan: TestLifespan,
  client: Credentials,
  fields: Record<string, string> = {},
): Promise<IssuedToken> {
  const response = await lifespan.form(
    '/oauth2/token',
    { grant_type: 'client_credentials', ...fields },
    basic(client.clientId, client.secret),
  );
  if (response.statusCode !== 200) throw new Error(`token: ${response.statusCode} ${response.body}`);
  return response.json() as IssuedToken;
}

/** RFC 7009 revocation by the client the token was issued to. */
export async function revoke(lifespan: TestLifespan, client: Credentials, token: string): Promise<void> {
  const response = await lifespan.form('/oauth2/revoke', { token }, basic(client.clientId, client.secret));
  if (response.statusCode !== 200) throw new Error(`revoke: ${response.statusCode} ${response.body}`);
}

/**
 * The verifier's fetch: the real one, with every request's path recorded; `unreachable` makes it fail as fetch
 * does when nothing answers (a TypeError), without stopping the server the test still uses.
 */
export class RecordingFetch {
  readonly paths: string[] = [];
  unreachable = false;
  /** Paths answered 404, as by a server that does not publish them. */
  readonly missing = new Set<string>();

  readonly fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    const path = new URL(url).pathname;
    this.paths.push(path);
    if (this.unreachable) throw new TypeError('fetch failed');
    if (this.missing.has(path)) return new Response('', { status: 404 });
    return globalThis.fetch(url, init);
  };

  count(path: string): number {
    return this.paths.filter((each) => each === path).length;
  }
}

export const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

/** The verifier's answer to a token it refuses (RFC 6750 §3.1), with the realm the tests use. */
export const refused = (description: string) => ({
  ok: false,
  status: 401,
  error: 'invalid_token',
  description,
  scope: undefined,
  wwwAuthenticate: `Bearer realm="orders", error="invalid_token", error_description="${description}"`,
});
