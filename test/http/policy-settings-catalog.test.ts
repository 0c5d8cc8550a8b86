import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTING_NAMES } from '../../src/domain/policy/settings.ts';
import { type TestLifespan, testLifespan } from '../support/lifespan.ts';

describe('GET /admin/v1/policy/settings', () => {
  let lifespan: TestLifespan;
  beforeAll(async () => {
    lifespan = await testLifespan();
  });
  afterAll(() => lifespan.close());

  it('lists every setting of the model with what it accepts', async () => {
    const response = await lifespan.admin('GET', '/admin/v1/policy/settings');
    expect(response.statusCode).toBe(200);
    const { subjectClasses, settings } = response.json();
    expect(subjectClasses).toEqual(['user', 'admin', 'anonymous', 'service']);
    expect(settings.map((s: { name: string }) => s.name)).toEqual(SETTING_NAMES);
    const byName = Object.fromEntries(settings.map((s: { name: string }) => [s.name, s]));
    expect(byName.accessTokenTtl).toEqual({
      name: 'accessTokenTtl',
      kind: 'lifetime',
      description: 'access token lifetime',
      default: 3600,
      allowsNever: true,
      ceiling: true,
      perScope: true,
      tokenLifetime: true,
      env: 'ACCESS_TOKEN_TTL',
    });
    expect(byName.sessionIdleTtl).toEqual({
      name: 'sessionIdleTtl',
      kind: 'limit',
      description: 'a login session ends after this much inactivity',
      default: 'none',
      allowsNever: false,
      ceiling: true,
      perScope: false,
      tokenLifetime: false,
    });
    expect(byName.refreshTokenExpiration).toEqual({
      name: 'refreshTokenExpiration',
      kind: 'enum',
      description: 'absolute or sliding refresh token expiration',
      default: 'absolute',
      values: ['absolute', 'sliding'],
      allowsNever: false,
      ceiling: false,
      perScope: false,
      tokenLifetime: false,
    });
  });
});
