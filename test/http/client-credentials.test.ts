import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basic, type TestLifespan, tenantWithClient, testLifespan } from '../support/lifespan.ts';

describe('client credentials grant', () => {
  let lifespan: TestLifespan;
  let credentials: { tenantId: string; clientId: string; secret: string };

  beforeEach(async () => {
    lifespan = await testLifespan({ ACCESS_TOKEN_FORMAT: 'opaque' });
    credentials = await tenantWithClient(lifespan);
  });
  afterEach(() => lifespan.close());

  it('issues an opaque token with the policy lifetime', async () => {
    const response = await lifespan.form(
      '/oauth2/token',
      { grant_type: 'client_credentials', scope: 'read' },
      basic(credentials.clientId, credentials.secret),
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
    const body = response.json();
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[0-9a-z]{23}[\w-]{43}$/),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'read',
    });
  });
});
