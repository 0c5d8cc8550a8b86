import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basic, type TestLifespan, tenantWithClient, testLifespan } from '../support/lifespan.ts';

describe('discovery, keys and operations endpoints', () => {
  let lifespan: TestLifespan;
  beforeEach(async () => {
    lifespan = await testLifespan({ ISSUER: 'https://id.example.com' });
  });
  afterEach(() => lifespan.close());

  const metadata = {
    issuer: 'https://id.example.com',
    authorization_endpoint: 'https://id.example.com/oauth2/authorize',
    token_endpoint: 'https://id.example.com/oauth2/token',
    jwks_uri: 'https://id.example.com/oauth2/jwks',
    userinfo_endpoint: 'https://id.example.com/oauth2/userinfo',
    introspection_endpoint: 'https://id.example.com/oauth2/introspect',
    revocation_endpoint: 'https://id.example.com/oauth2/revoke',
    revocation_feed_endpoint: 'https://id.example.com/oauth2/revocations',
    device_authorization_endpoint: 'https://id.example.com/oauth2/device_authorization',
    end_session_endpoint: 'https://id.example.com/oauth2/end_session',
    grant_types_supported: [
      'client_credentials',
      'authorization_code',
      'refresh_token',
      'urn:ietf:params:oauth:grant-type:device_code',
      'implicit',
    ],
    response_types_supported: ['code', 'token'],
    response_modes_supported: ['query', 'fragment'],
    scopes_supported: ['openid', 'profile', 'email'],
    subject_types_supported: ['public'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'nonce',
      'at_hash',
      'sid',
      'name',
      'email',
      'email_verified',
    ],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    id_token_signing_alg_values_supported: ['RS256', 'PS256', 'ES256', 'EdDSA'],
    access_token_signing_alg_values_supported: ['RS256', 'PS256', 'ES256', 'EdDSA'],
    authorization_response_iss_parameter_supported: true,
  };

  it.each(['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'])(
    'publishes RFC 8414 metadata at %s',
    async (url) => {
      const response = await lifespan.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.json()).toEqual(metadata);
    },
  );

  it('publishes the signing keys, public parts only, with kid and alg', async () => {
    const response = await lifespan.app.inject({ method: 'GET', url: '/oauth2/jwks' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const { keys } = response.json();
    expect(keys).toEqual([
      {
        kty: 'RSA',
        n: expect.any(String),
        e: 'AQAB',
        kid: expect.stringMatching(/^[\w-]{43}$/),
        alg: 'RS256',
        use: 'sig',
      },
    ]);
    const listed = (await lifespan.admin('GET', '/admin/v1/keys')).json();
    expect(listed).toEqual({
      items: [
        {
          kid: keys[0].kid,
          algorithm: 'RS256',
          status: 'active',
          createdAt: '2026-01-01T00:00:00.000Z',
          activatesAt: '2026-01-01T00:00:00.000Z',
          retiredAt: null,
          publishedUntil: null,
          revokedAt: null,
        },
      ],
    });
  });

  it('answers liveness and readiness', async () => {
    expect((await lifespan.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await lifespan.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });

  it('counts tokens issued, errors and latency in Prometheus format', async () => {
    const { clientId, secret } = await tenantWithClient(lifespan);
    await lifespan.form('/oauth2/token', { grant_type: 'client_credentials' }, basic(clientId, secret));
    await lifespan.form('/oauth2/token', { grant_type: 'client_credentials' }, basic(clientId, 'wrong'));
    const response = await lifespan.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain(
      'lifespan_tokens_issued_total{grant_type="client_credentials",format="jwt"} 1',
    );
    expect(response.body).toContain('lifespan_oauth_errors_total{error="invalid_client"} 1');
    expect(response.body).toContain(
      'lifespan_http_request_duration_seconds_count{method="POST",route="/oauth2/token",status_code="200"} 1',
    );
    expect(response.body).toContain('lifespan_process_resident_memory_bytes');
  });
});
