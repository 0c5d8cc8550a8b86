import { describe, expect, it } from 'vitest';
import { extractBearer } from '../src/bearer-header.ts';
import { maxAgeOf } from '../src/cache-control.ts';
import { discoveryUrls } from '../src/discovery.ts';
import { wwwAuthenticate } from '../src/index.ts';

const NOT_SINGLE = {
  kind: 'malformed',
  description: 'the Authorization header is not a single Bearer token',
};

describe('the Authorization header (RFC 6750 §2.1)', () => {
  it.each([
    [{}, { kind: 'none' }],
    [{ authorization: '' }, { kind: 'none' }],
    [{ authorization: 'Basic dXNlcjpwYXNz' }, { kind: 'none' }],
    [{ authorization: 'Bearer abc.DEF-_~+/==' }, { kind: 'token', token: 'abc.DEF-_~+/==' }],
    [{ authorization: 'bearer  tok' }, { kind: 'token', token: 'tok' }],
    [{ authorization: 'Bearer' }, NOT_SINGLE],
    [{ authorization: 'Bearer a b' }, NOT_SINGLE],
    [{ authorization: 'Bearer a=b' }, NOT_SINGLE],
    [{ authorization: 'Bearer tök' }, NOT_SINGLE],
    [
      { authorization: ['Bearer a', 'Bearer b'] },
      { kind: 'malformed', description: 'the request has more than one Authorization header' },
    ],
    [{ authorization: ['Bearer a'] }, { kind: 'token', token: 'a' }],
  ])('%j → %j', (headers, expected) => {
    expect(extractBearer(headers)).toEqual(expected);
  });

  it('reads Fetch-API Headers, where repeated headers are joined into one malformed value', () => {
    expect(extractBearer(new Headers({ authorization: 'Bearer t0k' }))).toEqual({
      kind: 'token',
      token: 't0k',
    });
    const twice = new Headers([
      ['authorization', 'Bearer a'],
      ['authorization', 'Bearer b'],
    ]);
    expect(extractBearer(twice)).toEqual(NOT_SINGLE);
  });
});

describe('challenges, caching and discovery addresses', () => {
  it('writes RFC 6750 §3 challenges', () => {
    expect(wwwAuthenticate({ realm: undefined })).toBe('Bearer');
    expect(
      wwwAuthenticate({ realm: 'api', error: 'insufficient_scope', description: 'd', scope: 'a b' }),
    ).toBe('Bearer realm="api", error="insufficient_scope", error_description="d", scope="a b"');
  });

  it.each([
    [null, undefined],
    ['public', undefined],
    ['public, max-age=300', 300],
    ['Max-Age="60", public', 60],
    ['max-age=600, no-cache', 0],
    ['no-store', 0],
  ])('Cache-Control %j → max-age %j', (header, expected) => {
    expect(maxAgeOf(header)).toBe(expected);
  });

  it('finds metadata as OpenID Connect Discovery §4 and RFC 8414 §3.1 place it', () => {
    expect(discoveryUrls('https://id.example')).toEqual([
      'https://id.example/.well-known/openid-configuration',
      'https://id.example/.well-known/oauth-authorization-server',
    ]);
    expect(discoveryUrls('https://id.example/tenants/acme')).toEqual([
      'https://id.example/tenants/acme/.well-known/openid-configuration',
      'https://id.example/.well-known/oauth-authorization-server/tenants/acme',
    ]);
  });
});
