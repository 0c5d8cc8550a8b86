import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createResourceServer, type ResourceServerOptions } from '../src/index.ts';
import {
  bearer,
  type Credentials,
  clientToken,
  createClient,
  createTenant,
  RecordingFetch,
  type ServedLifespan,
  servedLifespan,
} from './support/lifespan-server.ts';

const OIDC = '/.well-known/openid-configuration';
const RFC8414 = '/.well-known/oauth-authorization-server';

describe('discovery and extra token checks, at a running Lifespan', () => {
  let served: ServedLifespan;
  let http: RecordingFetch;
  let warnings: string[];
  let service: Credentials;
  beforeEach(async () => {
    served = await servedLifespan();
    http = new RecordingFetch();
    warnings = [];
    await createTenant(served.lifespan);
    service = await createClient(served.lifespan, 'service-a');
  });
  afterEach(() => served.lifespan.close());

  const resourceServer = (options: Partial<ResourceServerOptions> = {}) =>
    createResourceServer({
      issuer: served.issuer,
      audience: 'service-a',
      fetch: http.fetch,
      now: () => served.lifespan.clock.now(),
      onWarning: (message) => warnings.push(message),
      ...options,
    });

  it('falls back to RFC 8414 metadata when OpenID Connect discovery is not published', async () => {
    http.missing.add(OIDC);
    const issued = await clientToken(served.lifespan, service);
    expect((await resourceServer().verify(bearer(issued.access_token))).ok).toBe(true);
    expect(http.paths).toEqual([OIDC, RFC8414, '/oauth2/jwks']);
  });

  it('refuses metadata naming another issuer (RFC 8414 §3.3), warns, and retries only after the cooldown', async () => {
    // the same server, named differently: its metadata says 127.0.0.1, not localhost
    const issuer = served.issuer.replace('127.0.0.1', 'localhost');
    const server = resourceServer({ issuer });
    const issued = await clientToken(served.lifespan, service);
    const unavailable = {
      ok: false,
      status: 503,
      error: undefined,
      description: 'the authorization server metadata is unavailable',
      scope: undefined,
      wwwAuthenticate: undefined,
    };
    expect(await server.verify(bearer(issued.access_token))).toEqual(unavailable);
    expect(await server.verify(bearer(issued.access_token))).toEqual(unavailable);
    expect(http.paths).toEqual([OIDC, RFC8414]);
    const named = `metadata names issuer "${served.issuer}", not ${issuer}`;
    expect(warnings).toEqual([`discovery failed for ${issuer}: ${named}; ${named}`]);
    served.lifespan.clock.advance(30);
    expect(await server.verify(bearer(issued.access_token))).toEqual(unavailable);
    expect(http.paths).toEqual([OIDC, RFC8414, OIDC, RFC8414]);
  });

  it('runs extra token checks after verification; the first refusal wins (where a revocation source plugs in)', async () => {
    const issued = await clientToken(served.lifespan, service);
    const seen: string[] = [];
    const server = resourceServer({
      realm: 'orders',
      tokenChecks: [
        (token) => {
          seen.push(`first:${token.subject}`);
          return undefined;
        },
        async (token) => (token.clientId === 'service-a' ? 'the access token was revoked' : undefined),
        () => {
          seen.push('never reached');
          return undefined;
        },
      ],
    });
    expect(await server.verify(bearer(issued.access_token))).toEqual({
      ok: false,
      status: 401,
      error: 'invalid_token',
      description: 'the access token was revoked',
      scope: undefined,
      wwwAuthenticate:
        'Bearer realm="orders", error="invalid_token", error_description="the access token was revoked"',
    });
    expect(seen).toEqual(['first:service-a']);
  });

  it('refuses an unsafe algorithm list and a realm that would break the challenge', () => {
    expect(() => resourceServer({ algorithms: ['ES256', 'HS256', 'none'] })).toThrow(
      'algorithms: HS256, none cannot verify access tokens',
    );
    expect(() => resourceServer({ realm: 'a"b' })).toThrow('realm: only printable ASCII without " or \\');
  });
});
