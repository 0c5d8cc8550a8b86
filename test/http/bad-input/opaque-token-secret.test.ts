import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basic, type TestLifespan, tenantWithClient, testLifespan } from '../../support/lifespan.ts';

/** An opaque token is `<public id><secret>`: the id finds the record, only the secret proves possession. */
describe('opaque tokens: the id alone is not a credential', () => {
  let lifespan: TestLifespan;
  let auth: Record<string, string>;
  let token: string;

  beforeEach(async () => {
    lifespan = await testLifespan({ ACCESS_TOKEN_FORMAT: 'opaque' });
    const client = await tenantWithClient(lifespan);
    auth = basic(client.clientId, client.secret);
    const issued = await lifespan.form(
      '/oauth2/token',
      { grant_type: 'client_credentials', scope: 'read' },
      auth,
    );
    token = issued.json().access_token;
  });
  afterEach(() => lifespan.close());

  const introspect = (presented: string) => lifespan.form('/oauth2/introspect', { token: presented }, auth);
  /** The same id with another well-formed secret. */
  const forged = () => `${token.slice(0, 23)}${'A'.repeat(43)}`;

  it('a known id with another secret is {"active": false}, also while the real token sits in the cache', async () => {
    expect(token).toMatch(/^[0-9a-z]{23}[\w-]{43}$/);
    expect((await introspect(token)).json()).toMatchObject({ active: true, client_id: 'service-a' });
    const response = await introspect(forged());
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 200,
      body: { active: false },
    });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('revoking a known id with another secret changes nothing (RFC 7009 §2.2: an invalid token is not an error)', async () => {
    const response = await lifespan.form('/oauth2/revoke', { token: forged() }, auth);
    expect({ status: response.statusCode, body: response.body }).toEqual({ status: 200, body: '' });
    expect((await introspect(token)).json()).toMatchObject({ active: true, client_id: 'service-a' });
  });

  it('a token cut short or lengthened by one character is {"active": false}', async () => {
    for (const presented of [token.slice(0, -1), `${token}A`, token.toUpperCase()])
      expect((await introspect(presented)).json()).toEqual({ active: false });
  });
});
