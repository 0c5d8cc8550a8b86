import { afterEach, describe, expect, it } from 'vitest';
import { basic, type TestLifespan, tenantWithClient, testLifespan } from '../support/lifespan.ts';

interface Setup {
  lifespan: TestLifespan;
  clientId: string;
  secret: string;
  issue(): Promise<string>;
  active(token: string): Promise<boolean>;
}

async function setup(env: Record<string, string>): Promise<Setup> {
  const lifespan = await testLifespan(env);
  const { clientId, secret } = await tenantWithClient(lifespan);
  return {
    lifespan,
    clientId,
    secret,
    issue: async () => {
      const response = await lifespan.form(
        '/oauth2/token',
        { grant_type: 'client_credentials' },
        basic(clientId, secret),
      );
      return response.json().access_token as string;
    },
    active: async (token) => {
      const response = await lifespan.form('/oauth2/introspect', { token }, basic(clientId, secret));
      return response.json().active as boolean;
    },
  };
}

// the introspection cache is on (60 s): every invalidation must still be seen at once
describe.each(['jwt', 'opaque'])('invalidation of %s tokens, introspection cache on', (format) => {
  let s: Setup;
  afterEach(() => s.lifespan.close());

  it('revokes one token at once (RFC 7009) and leaves the others', async () => {
    s = await setup({ ACCESS_TOKEN_FORMAT: format, INTROSPECTION_CACHE_TTL: '60' });
    const [first, second] = [await s.issue(), await s.issue()];
    expect(await s.active(first)).toBe(true);
    const revoked = await s.lifespan.form('/oauth2/revoke', { token: first }, basic(s.clientId, s.secret));
    expect(revoked.statusCode).toBe(200);
    expect(revoked.body).toBe('');
    expect(await s.active(first)).toBe(false);
    expect(await s.active(second)).toBe(true);
    // revoking again, or an unknown token, is not an error (RFC 7009 §2.2)
    expect(
      (await s.lifespan.form('/oauth2/revoke', { token: first }, basic(s.clientId, s.secret))).statusCode,
    ).toBe(200);
    expect(
      (await s.lifespan.form('/oauth2/revoke', { token: 'nope' }, basic(s.clientId, s.secret))).statusCode,
    ).toBe(200);
  });

  it.each([
    ['client', '/admin/v1/clients/service-a/expire-tokens'],
    ['tenant', '/admin/v1/tenants/acme/expire-tokens'],
    ['service', '/admin/v1/service/expire-tokens'],
  ])('expires every token of the %s at once; tokens issued after stay valid', async (_level, url) => {
    s = await setup({ ACCESS_TOKEN_FORMAT: format, INTROSPECTION_CACHE_TTL: '60' });
    const before = await s.issue();
    expect(await s.active(before)).toBe(true);
    s.lifespan.clock.advance(0.25); // same second: iat alone cannot tell before from after
    const response = await s.lifespan.admin('POST', url);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ notBefore: '2026-01-01T00:00:00.250Z' });
    expect(await s.active(before)).toBe(false);
    const after = await s.issue();
    expect(await s.active(after)).toBe(true);
    s.lifespan.clock.advance(10);
    expect(await s.active(after)).toBe(true);
  });

  it('ends every current token when a lifetime changes on a level with invalidateOnChange (seed 004 #2)', async () => {
    s = await setup({ ACCESS_TOKEN_FORMAT: format });
    await s.lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', { invalidateOnChange: true });
    const token = await s.issue();
    await s.lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', {
      invalidateOnChange: true,
      introspectionCacheTtl: 30,
    });
    expect(await s.active(token)).toBe(true); // not a token lifetime: nothing ends
    await s.lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', {
      invalidateOnChange: true,
      refreshTokenTtl: '45d',
    });
    expect(await s.active(token)).toBe(false);
    const fresh = await s.issue();
    expect(await s.active(fresh)).toBe(true);
    expect((await s.lifespan.admin('GET', '/admin/v1/tenants/acme')).json().notBefore).toBe(
      '2026-01-01T00:00:00.000Z',
    );
  });

  it('keeps issued tokens when the level does not say invalidateOnChange (seed 001)', async () => {
    s = await setup({ ACCESS_TOKEN_FORMAT: format });
    const token = await s.issue();
    await s.lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', { accessTokenTtl: '5m' });
    expect(await s.active(token)).toBe(true);
  });

  it('ends tokens of a deleted client', async () => {
    s = await setup({ ACCESS_TOKEN_FORMAT: format });
    const token = await s.issue();
    const other = await s.lifespan.admin('POST', '/admin/v1/clients', {
      id: 'rs',
      tenantId: 'acme',
      name: 'RS',
    });
    const rsSecret = other.json().clientSecret as string;
    await s.lifespan.admin('DELETE', '/admin/v1/clients/service-a');
    const response = await s.lifespan.form('/oauth2/introspect', { token }, basic('rs', rsSecret));
    expect(response.json()).toEqual({ active: false });
  });
});
