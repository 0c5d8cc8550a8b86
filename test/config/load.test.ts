import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.ts';

const failure = (env: Record<string, string>, files: Record<string, string> = {}) => {
  try {
    loadConfig(env, (path) => {
      const text = files[path];
      if (text === undefined) throw new Error('ENOENT: no such file');
      return text;
    });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a configuration error');
};

describe('configuration', () => {
  it('starts with the defaults of seed 003 and an empty service policy', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      issuer: 'http://localhost:8080',
      databaseUrl: 'sqlite:./data/lifespan.db',
      redisUrl: undefined,
      redisKeyPrefix: 'lifespan:',
      adminKey: undefined,
      logLevel: 'info',
      changePollIntervalSeconds: 1,
      tokenSweepIntervalSeconds: 60,
      devicePollIntervalSeconds: 5,
      corsOrigins: [],
      servicePolicy: {},
    });
  });

  it('reads every policy variable of seed 003 into the service policy', () => {
    const config = loadConfig({
      ACCESS_TOKEN_TTL: '900',
      REFRESH_TOKEN_TTL: '14d',
      CODE_TTL: '5m',
      DEVICE_CODE_TTL: '600',
      ID_TOKEN_TTL: '1h',
      REFRESH_TOKEN_ROTATION: 'false',
      REFRESH_TOKEN_REUSE_INTERVAL: '10',
      REFRESH_TOKEN_ABSOLUTE_TTL: '90d',
      ACCESS_TOKEN_FORMAT: 'opaque',
      JWT_ALGORITHM: 'ES256',
      INTROSPECTION_CACHE_TTL: '0',
      REVOKE_REFRESH_ON_PASSWORD_CHANGE: 'false',
      REVOKE_ALL_ON_LOGOUT: 'true',
      PORT: '9000',
    });
    expect(config.servicePolicy).toEqual({
      accessTokenTtl: 900,
      refreshTokenTtl: 1_209_600,
      authorizationCodeTtl: 300,
      deviceCodeTtl: 600,
      idTokenTtl: 3600,
      refreshTokenRotation: false,
      refreshTokenReuseInterval: 10,
      refreshTokenAbsoluteTtl: 7_776_000,
      accessTokenFormat: 'opaque',
      signingAlgorithm: 'ES256',
      introspectionCacheTtl: 0,
      revokeRefreshOnPasswordChange: false,
      revokeAllOnLogout: true,
    });
    expect(config.issuer).toBe('http://localhost:9000');
  });

  it.each([
    [
      { ACCESS_TOKEN_TTL: 'soon' },
      'ACCESS_TOKEN_TTL: "soon" is not valid: "soon" is not a duration: use seconds (3600) or units w, d, h, m, s ("15m", "14d", "1h30m") or never',
    ],
    [{ CODE_TTL: '0' }, 'CODE_TTL: "0" is not valid: must be between 1 and 2147483647 seconds'],
    [
      { ACCESS_TOKEN_FORMAT: 'paseto' },
      'ACCESS_TOKEN_FORMAT: "paseto" is not valid: expected one of jwt, opaque',
    ],
    [
      { JWT_ALGORITHM: 'HS256' },
      'JWT_ALGORITHM: "HS256" is not valid: expected one of RS256, PS256, ES256, EdDSA',
    ],
    [
      { REFRESH_TOKEN_ROTATION: 'maybe' },
      'REFRESH_TOKEN_ROTATION: "maybe" is not valid: expected true or false',
    ],
    [{ PORT: 'eighty' }, 'PORT: "eighty" is not valid: must be integer (TCP port to listen on)'],
    [{ PORT: '70000' }, 'PORT: "70000" is not valid: must be <= 65535 (TCP port to listen on)'],
    [
      { LIFESPAN_ADMIN_KEY: 'short' },
      'LIFESPAN_ADMIN_KEY: "short" is not valid: must not have fewer than 16 characters (bootstrap bearer key for the management API (16+ characters))',
    ],
    [{ ISSUER: 'not a url' }, 'ISSUER: "not a url" is not valid: expected an http or https URL'],
    [
      { ISSUER: 'https://id.example.com/?x=1' },
      'ISSUER: "https://id.example.com/?x=1" is not valid: expected an http(s) URL without query or fragment',
    ],
  ])('stops with one line naming the variable for %j', (env, message) => {
    const text = failure(env);
    expect(text).toBe(message);
    expect(text).not.toContain('\n');
  });

  it('reads an optional JSON config file, the environment winning', () => {
    const file = JSON.stringify({
      PORT: 9100,
      ACCESS_TOKEN_TTL: '30m',
      policy: {
        refreshTokenTtl: '7d',
        subjectClasses: { admin: { accessTokenTtl: '8h' } },
        max: { accessTokenTtl: '1d' },
      },
    });
    const config = loadConfig({ LIFESPAN_CONFIG: '/etc/lifespan.json', PORT: '9200' }, () => file);
    expect(config.port).toBe(9200);
    expect(config.servicePolicy).toEqual({
      refreshTokenTtl: 604_800,
      subjectClasses: { admin: { accessTokenTtl: 28_800 } },
      max: { accessTokenTtl: 86_400 },
      accessTokenTtl: 1800,
    });
  });

  it('names the config file when it cannot be used', () => {
    expect(failure({ LIFESPAN_CONFIG: '/missing.json' })).toBe(
      'LIFESPAN_CONFIG: cannot read /missing.json: ENOENT: no such file',
    );
    expect(failure({ LIFESPAN_CONFIG: '/bad.json' }, { '/bad.json': '{' })).toMatch(
      /^LIFESPAN_CONFIG: \/bad.json is not JSON: /,
    );
    expect(failure({ LIFESPAN_CONFIG: '/p.json' }, { '/p.json': '{"policy":{"accessTokenTtl":"x"}}' })).toBe(
      'LIFESPAN_CONFIG: policy is not valid: policy.accessTokenTtl: "x" is not a duration: use seconds (3600) or units w, d, h, m, s ("15m", "14d", "1h30m") or never',
    );
  });
});
