import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basic, type TestLifespan, tenantWithClient, testLifespan } from '../../support/lifespan.ts';

/** RFC 6749 §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E, whatever the request put in it. */
describe('error descriptions that quote the request', () => {
  let lifespan: TestLifespan;
  let client: { clientId: string; secret: string };
  beforeEach(async () => {
    lifespan = await testLifespan();
    client = await tenantWithClient(lifespan);
  });
  afterEach(() => lifespan.close());

  it.each([
    ['a quote and a backslash', 'x"y\\z', 'grant_type x?y?z is not supported'],
    ['a NUL and a newline', 'x\u0000y\nz', 'grant_type x?y?z is not supported'],
    ['non-ASCII letters', 'grånt_typé', 'grant_type gr?nt_typ? is not supported'],
  ])('a grant type with %s is named with ? in its place', async (_, grantType, description) => {
    const response = await lifespan.form(
      '/oauth2/token',
      { grant_type: grantType },
      basic(client.clientId, client.secret),
    );
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 400,
      body: { error: 'unsupported_grant_type', error_description: description },
    });
  });

  it('a repeated parameter whose name has a quote', async () => {
    const response = await lifespan.app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...basic(client.clientId, client.secret),
      },
      payload: 'grant_type=client_credentials&a%22b=1&a%22b=2',
    });
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'parameter a?b is repeated' },
    });
  });
});
