import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basic, type TestLifespan, tenantWithClient, testLifespan } from '../../support/lifespan.ts';
import { FORM, type Refusal, rawPost, watchRefusals } from './support.ts';

describe.each(['opaque', 'jwt'] as const)(
  'introspection and revocation of bad tokens (%s access tokens)',
  (format) => {
    let lifespan: TestLifespan;
    /** service-a and service-b share tenant acme; service-c belongs to tenant other. */
    const auth: Record<'a' | 'b' | 'c', Record<string, string>> = { a: {}, b: {}, c: {} };
    let token: string;
    let refused: Refusal;
    let tokenWrites: () => number;

    beforeEach(async () => {
      lifespan = await testLifespan({ ACCESS_TOKEN_FORMAT: format });
      const a = await tenantWithClient(lifespan);
      auth.a = basic(a.clientId, a.secret);
      const b = await lifespan.admin('POST', '/admin/v1/clients', {
        id: 'service-b',
        tenantId: 'acme',
        name: 'B',
      });
      expect(b.statusCode).toBe(201);
      auth.b = basic('service-b', b.json().clientSecret);
      const c = await tenantWithClient(lifespan, {
        tenant: { id: 'other', name: 'Other' },
        client: { id: 'service-c', name: 'C' },
      });
      auth.c = basic(c.clientId, c.secret);
      const issued = await lifespan.form(
        '/oauth2/token',
        { grant_type: 'client_credentials', scope: 'read' },
        auth.a,
      );
      expect(issued.statusCode).toBe(200);
      token = issued.json().access_token;
      ({ refused, tokenWrites } = await watchRefusals(lifespan));
    });
    afterEach(() => lifespan.close());

    const introspect = (fields: Record<string, string>, headers: Record<string, string>) =>
      lifespan.form('/oauth2/introspect', fields, headers);
    const revoke = (fields: Record<string, string>, headers: Record<string, string>) =>
      lifespan.form('/oauth2/revoke', fields, headers);

    /** RFC 7662 §2.2: an inactive token gets exactly {"active": false}, never cached. */
    function expectInactive(response: Awaited<ReturnType<typeof introspect>>): void {
      expect({ status: response.statusCode, body: response.json() }).toEqual({
        status: 200,
        body: { active: false },
      });
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.pragma).toBe('no-cache');
    }

    async function expectStillActive(): Promise<void> {
      for (const caller of [auth.a, auth.b]) {
        const response = await introspect({ token }, caller);
        expect(response.statusCode).toBe(200);
        expect(response.json()).toMatchObject({
          active: true,
          client_id: 'service-a',
          tid: 'acme',
          scope: 'read',
        });
      }
    }

    it('introspection without token is invalid_request (RFC 7662 §2.1: token is REQUIRED)', async () => {
      await refused(await introspect({ token_type_hint: 'access_token' }, auth.a), 400, {
        error: 'invalid_request',
        error_description: 'token is required',
      });
    });

    it('revocation without token is invalid_request (RFC 7009 §2.1: token is REQUIRED)', async () => {
      await refused(await revoke({ token_type_hint: 'access_token' }, auth.a), 400, {
        error: 'invalid_request',
        error_description: 'token is required',
      });
      await expectStillActive();
    });

    it('an empty token counts as missing (RFC 6749 §3.1)', async () => {
      await refused(await introspect({ token: '' }, auth.a), 400, {
        error: 'invalid_request',
        error_description: 'token is required',
      });
    });

    it.each([
      ['a random string', 'garbage'],
      ['a JWT-shaped string with a bad signature', 'eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2lnbmF0dXJl'],
      ['a JWT-shaped string that is not JSON', 'eyJub3QganNvbg.eyJub3QganNvbg.eyJub3QganNvbg'],
      ['unicode', 'tökén ✓'],
      ['a 10 000 character string', 'x'.repeat(10_000)],
    ])('introspecting %s gives exactly {"active": false} (RFC 7662 §2.2)', async (_label, garbage) => {
      expectInactive(await introspect({ token: garbage }, auth.a));
      expect(tokenWrites()).toBe(0);
    });

    it('introspecting a tampered token gives exactly {"active": false}', async () => {
      // a character in the middle: all of its bits count, unlike the padding bits of the last one
      const middle = Math.floor(token.length / 2);
      const replacement = token[middle] === 'A' ? 'B' : 'A';
      const tampered = `${token.slice(0, middle)}${replacement}${token.slice(middle + 1)}`;
      expectInactive(await introspect({ token: tampered }, auth.a));
    });

    it('introspecting another tenant\'s token gives exactly {"active": false}: nothing leaks across tenants', async () => {
      expectInactive(await introspect({ token }, auth.c));
      await expectStillActive();
    });

    it("revoking another client's token (same tenant) is refused and the token stays active (RFC 7009 §2.1)", async () => {
      await refused(await revoke({ token }, auth.b), 400, {
        error: 'unauthorized_client',
        error_description: 'the token was not issued to this client',
      });
      await expectStillActive();
    });

    it("revoking another tenant's token is refused and the token stays active (RFC 7009 §2.1)", async () => {
      await refused(await revoke({ token, token_type_hint: 'access_token' }, auth.c), 400, {
        error: 'unauthorized_client',
        error_description: 'the token was not issued to this client',
      });
      await expectStillActive();
    });

    it('revoking an unknown token is not an error: 200 with an empty body, and nothing changes (RFC 7009 §2.2)', async () => {
      const response = await revoke({ token: 'garbage' }, auth.a);
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(tokenWrites()).toBe(0);
      await expectStillActive();
    });

    it('revocation with the token given twice changes nothing (RFC 6749 §3.2)', async () => {
      const body = `token=${encodeURIComponent(token)}&token=${encodeURIComponent(token)}`;
      const response = await rawPost(lifespan, '/oauth2/revoke', body, { ...auth.a, 'content-type': FORM });
      await refused(response, 400, {
        error: 'invalid_request',
        error_description: 'parameter token is repeated',
      });
      await expectStillActive();
    });
  },
);
