import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basic, type TestLifespan, tenantWithClient, testLifespan } from '../../support/lifespan.ts';
import {
  expectOAuthError,
  FORM,
  OAUTH_ENDPOINTS,
  type OAuthEndpoint,
  type OAuthErrorBody,
  type Refusal,
  rawPost,
  watchRefusals,
} from './support.ts';

/** The parameter each endpoint requires, and a valid value for it. */
const REQUIRED: Record<OAuthEndpoint, string> = {
  '/oauth2/token': 'grant_type',
  '/oauth2/introspect': 'token',
  '/oauth2/revoke': 'token',
};

describe.each(OAUTH_ENDPOINTS)('%s refuses a malformed request (RFC 6749 §3.2, §5.2)', (endpoint) => {
  let lifespan: TestLifespan;
  let auth: Record<string, string>;
  let value: string;
  let expectRefused: Refusal;
  const name = REQUIRED[endpoint];

  beforeEach(async () => {
    lifespan = await testLifespan({ ACCESS_TOKEN_FORMAT: 'opaque' });
    const credentials = await tenantWithClient(lifespan);
    auth = basic(credentials.clientId, credentials.secret);
    const issued = await lifespan.form('/oauth2/token', { grant_type: 'client_credentials' }, auth);
    expect(issued.statusCode).toBe(200);
    value = endpoint === '/oauth2/token' ? 'client_credentials' : issued.json().access_token;
    ({ refused: expectRefused } = await watchRefusals(lifespan));
  });
  afterEach(() => lifespan.close());

  const notForm: OAuthErrorBody = {
    error: 'invalid_request',
    error_description: 'the request body must be application/x-www-form-urlencoded',
  };

  it('a JSON body is invalid_request: parameters are form-encoded (RFC 6749 §3.2, Appendix B)', async () => {
    const response = await rawPost(lifespan, endpoint, JSON.stringify({ [name]: value }), {
      ...auth,
      'content-type': 'application/json',
    });
    await expectRefused(response, 400, notForm);
  });

  it('a body that is not even valid JSON under application/json is invalid_request, not a 500', async () => {
    const response = await rawPost(lifespan, endpoint, `{"${name}":`, {
      ...auth,
      'content-type': 'application/json',
    });
    await expectRefused(response, 400, {
      error: 'invalid_request',
      error_description: "Body is not valid JSON but content-type is set to 'application/json'",
    });
  });

  it('a form-encoded body sent as text/plain is invalid_request (RFC 6749 §3.2)', async () => {
    const response = await rawPost(lifespan, endpoint, `${name}=${value}`, {
      ...auth,
      'content-type': 'text/plain',
    });
    await expectRefused(response, 400, notForm);
  });

  it.each([
    ['application/xml', '<request/>'],
    [
      'multipart/form-data; boundary=x',
      `--x\r\nContent-Disposition: form-data; name="${name}"\r\n\r\nx\r\n--x--`,
    ],
  ])('a body of type %s is invalid_request (RFC 6749 §5.2)', async (contentType, payload) => {
    const response = await rawPost(lifespan, endpoint, payload, { ...auth, 'content-type': contentType });
    await expectRefused(response, 400, {
      error: 'invalid_request',
      error_description: 'Unsupported Media Type',
    });
  });

  it('no body and no content type is invalid_request', async () => {
    const response = await rawPost(lifespan, endpoint, undefined, auth);
    await expectRefused(response, 400, notForm);
  });

  it(`an empty form is invalid_request: ${name} is required`, async () => {
    const response = await rawPost(lifespan, endpoint, '', { ...auth, 'content-type': FORM });
    await expectRefused(response, 400, {
      error: 'invalid_request',
      error_description: `${name} is required`,
    });
  });

  it(`${name} in the query string is not read: parameters travel in the body (RFC 6749 §3.2)`, async () => {
    const response = await rawPost(lifespan, `${endpoint}?${name}=${encodeURIComponent(value)}`, '', {
      ...auth,
      'content-type': FORM,
    });
    await expectRefused(response, 400, {
      error: 'invalid_request',
      error_description: `${name} is required`,
    });
  });

  it.each([
    ['an invalid escape', '%ZZ'],
    ['a truncated escape', '%4'],
  ])(
    'a form with %s is malformed: invalid_request (RFC 6749 §5.2, Appendix B)',
    async (_label, badEscape) => {
      const field =
        endpoint === '/oauth2/token'
          ? `grant_type=client_credentials&scope=read${badEscape}`
          : `token=${value}${badEscape}`;
      const response = await rawPost(lifespan, endpoint, field, { ...auth, 'content-type': FORM });
      await expectRefused(response, 400, { error: 'invalid_request', error_description: expect.any(String) });
    },
  );

  it('a body over 16 KiB is refused with 413 and an invalid_request body', async () => {
    const payload = `${name}=${encodeURIComponent(value)}&padding=${'a'.repeat(16 * 1024)}`;
    const response = await rawPost(lifespan, endpoint, payload, { ...auth, 'content-type': FORM });
    await expectRefused(response, 413, {
      error: 'invalid_request',
      error_description: 'Request body is too large',
    });
  });

  it('a body of exactly 16 KiB is still accepted (unknown parameters are ignored, RFC 6749 §3.2)', async () => {
    const head = `${name}=${encodeURIComponent(value)}&padding=`;
    const payload = head + 'a'.repeat(16 * 1024 - head.length);
    expect(Buffer.byteLength(payload)).toBe(16 * 1024);
    const response = await rawPost(lifespan, endpoint, payload, { ...auth, 'content-type': FORM });
    expect(response.statusCode).toBe(200);
  });

  it.each([
    ['with the same value', (v: string) => `${name}=${v}&${name}=${v}`],
    ['with different values', (v: string) => `${name}=${v}&${name}=other`],
  ])(`${name} given twice (%s) is invalid_request (RFC 6749 §3.2)`, async (_label, body) => {
    const response = await rawPost(lifespan, endpoint, body(encodeURIComponent(value)), {
      ...auth,
      'content-type': FORM,
    });
    await expectRefused(response, 400, {
      error: 'invalid_request',
      error_description: `parameter ${name} is repeated`,
    });
  });

  it('client_id given twice is invalid_request (RFC 6749 §3.2)', async () => {
    const body = `${name}=${encodeURIComponent(value)}&client_id=service-a&client_id=service-a`;
    const response = await rawPost(lifespan, endpoint, body, { ...auth, 'content-type': FORM });
    await expectRefused(response, 400, {
      error: 'invalid_request',
      error_description: 'parameter client_id is repeated',
    });
  });

  it.each(['GET', 'PUT', 'DELETE'] as const)(
    '%s is 405 with Allow: POST and an OAuth JSON body (RFC 9110 §15.5.6)',
    async (method) => {
      const response = await lifespan.app.inject({ method, url: endpoint, headers: auth });
      expect(response.headers.allow).toBe('POST');
      await expectRefused(response, 405, { error: 'invalid_request', error_description: 'use POST' });
    },
  );
});

describe('a malformed request URL under /oauth2 (RFC 3986 §2.1)', () => {
  let lifespan: TestLifespan;
  beforeEach(async () => {
    lifespan = await testLifespan();
  });
  afterEach(() => lifespan.close());

  it('an invalid percent-escape in the path is an OAuth invalid_request, not a framework error body', async () => {
    const response = await rawPost(lifespan, '/oauth2/token/%ZZ', 'grant_type=client_credentials', {
      'content-type': FORM,
    });
    expectOAuthError(response, 400, { error: 'invalid_request', error_description: expect.any(String) });
  });
});
