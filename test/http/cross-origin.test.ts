import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { type TestLifespan, testLifespan } from '../support/lifespan.ts';

const APP = 'http://127.0.0.1:5173';
const corsHeaders = (headers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith('access-control-')));

describe('cross-origin calls from browser apps (CORS_ORIGINS)', () => {
  let lifespan: TestLifespan;
  afterEach(() => lifespan.close());

  it('answers the preflight of an allowed origin for the token endpoint, and the call itself', async () => {
    lifespan = await testLifespan({ CORS_ORIGINS: `${APP}, https://app.example.com` });
    const preflight = await lifespan.app.inject({
      method: 'OPTIONS',
      url: '/oauth2/token',
      headers: {
        origin: APP,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(corsHeaders(preflight.headers)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'authorization, content-type',
      'access-control-max-age': '600',
    });
    expect(preflight.headers.vary).toBe('Origin');
    const call = await lifespan.app.inject({
      method: 'POST',
      url: '/api/v1/auth/anonymous',
      headers: { origin: 'https://app.example.com', 'content-type': 'application/json' },
      payload: { client_id: 'nobody' },
    });
    expect(call.statusCode).toBe(401);
    expect(corsHeaders(call.headers)).toEqual({ 'access-control-allow-origin': 'https://app.example.com' });
    const discovery = await lifespan.app.inject({
      method: 'GET',
      url: '/.well-known/openid-configuration',
      headers: { origin: APP },
    });
    expect(corsHeaders(discovery.headers)).toEqual({ 'access-control-allow-origin': APP });
  });

  it('gives nothing to another origin, nor to the management API, the console or the pages', async () => {
    lifespan = await testLifespan({ CORS_ORIGINS: APP });
    const other = await lifespan.app.inject({
      method: 'OPTIONS',
      url: '/oauth2/token',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(corsHeaders(other.headers)).toEqual({});
    for (const url of [
      '/admin/v1/tenants',
      '/oauth2/authorize?client_id=x',
      '/console/',
      '/oauth2/introspect',
    ]) {
      const response = await lifespan.app.inject({ method: 'GET', url, headers: { origin: APP } });
      expect({ url, headers: corsHeaders(response.headers) }).toEqual({ url, headers: {} });
    }
  });

  it('sends no CORS header at all when no origin is configured', async () => {
    lifespan = await testLifespan();
    const response = await lifespan.app.inject({
      method: 'GET',
      url: '/.well-known/openid-configuration',
      headers: { origin: APP },
    });
    expect(response.statusCode).toBe(200);
    expect(corsHeaders(response.headers)).toEqual({});
  });

  it('refuses at start-up an origin that is not one', async () => {
    lifespan = await testLifespan();
    for (const value of [
      'https://app.example.com/',
      'app.example.com',
      'ftp://files.example',
      'https://a.example/x',
    ]) {
      expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(
        `CORS_ORIGINS: ${JSON.stringify(value)} is not valid: expected an origin such as https://app.example.com (scheme, host and port only)`,
      );
    }
  });
});
