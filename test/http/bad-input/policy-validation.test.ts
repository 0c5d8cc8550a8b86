import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestLifespan, tenantWithClient, testLifespan } from '../../support/lifespan.ts';
import { expectProblem, expectRefusedWrite, validationProblem } from './support.ts';

const NOT_A_DURATION = (input: string, alternative: string) =>
  `"${input}" is not a duration: use seconds (3600) or units w, d, h, m, s ("15m", "14d", "1h30m")${alternative}`;
const OUT_OF_RANGE = 'must be between 1 and 2147483647 seconds';
const notWhole = (value: number, alternative: string) =>
  `expected a whole, non-negative number of seconds${alternative}, got ${value}`;
const NOT_VALID = 'the policy is not valid';

/** The places a policy document is written, each with the document in its own position in the body. */
const TARGETS: {
  route: string;
  send: (lifespan: TestLifespan, policy: unknown) => Promise<LightMyRequestResponse>;
}[] = [
  {
    route: 'POST /admin/v1/tenants',
    send: (lifespan, policy) =>
      lifespan.admin('POST', '/admin/v1/tenants', { id: 'beta', name: 'Beta', policy }),
  },
  {
    route: 'PUT /admin/v1/service/policy',
    send: (lifespan, policy) => lifespan.admin('PUT', '/admin/v1/service/policy', policy),
  },
  {
    route: 'PATCH /admin/v1/clients/:id',
    send: (lifespan, policy) => lifespan.admin('PATCH', '/admin/v1/clients/service-a', { policy }),
  },
  {
    route: 'PUT /admin/v1/tenants/:id/policy',
    send: (lifespan, policy) => lifespan.admin('PUT', '/admin/v1/tenants/acme/policy', policy),
  },
];

/** A document, the field it breaks (under `policy.`) and the message. */
const INVALID: [string, Record<string, unknown>, string, string][] = [
  [
    'a word for a lifetime',
    { accessTokenTtl: 'soon' },
    'accessTokenTtl',
    NOT_A_DURATION('soon', ' or never'),
  ],
  ['a zero lifetime', { accessTokenTtl: 0 }, 'accessTokenTtl', OUT_OF_RANGE],
  ['a zero lifetime as text', { refreshTokenTtl: '0' }, 'refreshTokenTtl', OUT_OF_RANGE],
  ['a negative lifetime', { accessTokenTtl: -1 }, 'accessTokenTtl', notWhole(-1, ' or never')],
  ['a negative duration as text', { idTokenTtl: '-5m' }, 'idTokenTtl', NOT_A_DURATION('-5m', ' or never')],
  ['a fractional lifetime', { accessTokenTtl: 1.5 }, 'accessTokenTtl', notWhole(1.5, ' or never')],
  ['an empty lifetime', { refreshTokenTtl: '' }, 'refreshTokenTtl', NOT_A_DURATION('', ' or never')],
  [
    'a boolean lifetime',
    { accessTokenTtl: true },
    'accessTokenTtl',
    'expected a duration such as 3600, "15m", "14d" or "1h30m" or never',
  ],
  ['a lifetime past 2^31-1 seconds', { accessTokenTtl: 2_147_483_648 }, 'accessTokenTtl', OUT_OF_RANGE],
  [
    'never for a lifetime that must end',
    { authorizationCodeTtl: 'never' },
    'authorizationCodeTtl',
    'this lifetime cannot be never: give a duration',
  ],
  [
    'never for a limit (which takes none)',
    { sessionIdleTtl: 'never' },
    'sessionIdleTtl',
    NOT_A_DURATION('never', ' or none'),
  ],
  ['a negative interval', { refreshTokenReuseInterval: -1 }, 'refreshTokenReuseInterval', notWhole(-1, '')],
  [
    'a string for a boolean',
    { refreshTokenRotation: 'yes' },
    'refreshTokenRotation',
    'expected true or false',
  ],
  [
    'an unknown token format',
    { accessTokenFormat: 'paseto' },
    'accessTokenFormat',
    'expected one of jwt, opaque',
  ],
  [
    'a symmetric signing algorithm',
    { signingAlgorithm: 'HS256' },
    'signingAlgorithm',
    'expected one of RS256, PS256, ES256, EdDSA',
  ],
  ['an unknown setting', { accessTokenLifetime: 3600 }, 'accessTokenLifetime', 'unknown policy setting'],
  ['a key inherited from Object.prototype', { constructor: 3600 }, 'constructor', 'unknown policy setting'],
  [
    'an unknown subject class',
    { subjectClasses: { robot: { accessTokenTtl: 60 } } },
    'subjectClasses.robot',
    'unknown subject class; expected one of user, admin, anonymous, service',
  ],
  [
    'a bad value inside a subject class',
    { subjectClasses: { user: { accessTokenTtl: 'soon' } } },
    'subjectClasses.user.accessTokenTtl',
    NOT_A_DURATION('soon', ' or never'),
  ],
  [
    'a ceiling on a boolean setting',
    { max: { refreshTokenRotation: '1h' } },
    'max.refreshTokenRotation',
    'only duration settings can have a ceiling',
  ],
  [
    'a ceiling on an enum setting',
    { max: { accessTokenFormat: 'jwt' } },
    'max.accessTokenFormat',
    'only duration settings can have a ceiling',
  ],
  [
    'a ceiling on an unknown setting',
    { max: { colour: 1 } },
    'max.colour',
    'only duration settings can have a ceiling',
  ],
  [
    'a ceiling that is not a duration',
    { max: { accessTokenTtl: 'soon' } },
    'max.accessTokenTtl',
    NOT_A_DURATION('soon', ''),
  ],
  ['a zero ceiling', { max: { accessTokenTtl: 0 } }, 'max.accessTokenTtl', OUT_OF_RANGE],
  [
    'a never ceiling',
    { max: { accessTokenTtl: 'never' } },
    'max.accessTokenTtl',
    NOT_A_DURATION('never', ''),
  ],
  [
    'a string for invalidateOnChange',
    { invalidateOnChange: 'yes' },
    'invalidateOnChange',
    'expected true or false',
  ],
];

describe('invalid policy documents are refused naming the field (RFC 9457 errors), and nothing is stored', () => {
  let lifespan: TestLifespan;

  beforeEach(async () => {
    lifespan = await testLifespan();
    await tenantWithClient(lifespan);
  });
  afterEach(() => lifespan.close());

  describe.each(TARGETS)('$route', ({ send }) => {
    it.each(INVALID)('%s', async (_label, policy, field, message) => {
      await expectRefusedWrite(
        lifespan,
        () => send(lifespan, policy),
        validationProblem(NOT_VALID, [{ field: `policy.${field}`, message }]),
      );
    });

    it('every problem of a document is named at once', async () => {
      await expectRefusedWrite(
        lifespan,
        () =>
          send(lifespan, {
            accessTokenTtl: 'soon',
            refreshTokenTtl: 0,
            colour: 'red',
            subjectClasses: { robot: {} },
            max: { refreshTokenRotation: 5 },
          }),
        validationProblem(NOT_VALID, [
          { field: 'policy.accessTokenTtl', message: NOT_A_DURATION('soon', ' or never') },
          { field: 'policy.refreshTokenTtl', message: OUT_OF_RANGE },
          { field: 'policy.colour', message: 'unknown policy setting' },
          {
            field: 'policy.subjectClasses.robot',
            message: 'unknown subject class; expected one of user, admin, anonymous, service',
          },
          { field: 'policy.max.refreshTokenRotation', message: 'only duration settings can have a ceiling' },
        ]),
      );
    });

    it('a refresh lifetime shorter than the access lifetime names both fields (seed 004 constraint)', async () => {
      const response = () => send(lifespan, { accessTokenTtl: '2h', refreshTokenTtl: '1h' });
      await expectRefusedWrite(lifespan, response, {
        type: 'urn:lifespan:problem:validation',
        title: 'Bad Request',
        status: 400,
        detail: 'the policy breaks a lifetime constraint',
        errors: [
          {
            field: 'policy.refreshTokenTtl',
            message: expect.stringMatching(
              /^the refresh token lifetime \(1h, from .+\) must not be shorter than the access token lifetime \(2h, from .+\) for user tokens$/,
            ),
          },
          {
            field: 'policy.accessTokenTtl',
            message: expect.stringMatching(/^the refresh token lifetime \(1h, from .+\) must not be shorter/),
          },
        ],
      });
    });

    it('the constraint holds inside a subject class too, naming the class fields', async () => {
      await expectRefusedWrite(
        lifespan,
        () => send(lifespan, { subjectClasses: { admin: { accessTokenTtl: '2h', refreshTokenTtl: '1h' } } }),
        {
          type: 'urn:lifespan:problem:validation',
          title: 'Bad Request',
          status: 400,
          detail: 'the policy breaks a lifetime constraint',
          errors: [
            {
              field: 'policy.subjectClasses.admin.refreshTokenTtl',
              message: expect.stringMatching(/for admin tokens$/),
            },
            {
              field: 'policy.subjectClasses.admin.accessTokenTtl',
              message: expect.stringMatching(/for admin tokens$/),
            },
          ],
        },
      );
    });

    it('an absolute refresh lifetime shorter than the refresh lifetime names both fields', async () => {
      await expectRefusedWrite(
        lifespan,
        () => send(lifespan, { refreshTokenTtl: '10d', refreshTokenAbsoluteTtl: '1d' }),
        {
          type: 'urn:lifespan:problem:validation',
          title: 'Bad Request',
          status: 400,
          detail: 'the policy breaks a lifetime constraint',
          errors: [
            {
              field: 'policy.refreshTokenAbsoluteTtl',
              message: expect.stringMatching(
                /^the absolute refresh lifetime \(1d, from .+\) must not be shorter than the refresh token lifetime \(10d, from .+\) for user tokens$/,
              ),
            },
            {
              field: 'policy.refreshTokenTtl',
              message: expect.stringMatching(/^the absolute refresh lifetime/),
            },
          ],
        },
      );
    });
  });

  it('the constraint names the exact sources: refresh from the service, access from the client', async () => {
    expect(
      (await lifespan.admin('PUT', '/admin/v1/service/policy', { refreshTokenTtl: '1h' })).statusCode,
    ).toBe(200);
    await expectRefusedWrite(
      lifespan,
      () => lifespan.admin('PATCH', '/admin/v1/clients/service-a', { policy: { accessTokenTtl: '2h' } }),
      validationProblem('the policy breaks a lifetime constraint', [
        {
          field: 'policy.refreshTokenTtl',
          message:
            'the refresh token lifetime (1h, from the service policy) must not be shorter than the access token lifetime (2h, from client service-a) for user tokens',
        },
        {
          field: 'policy.accessTokenTtl',
          message:
            'the refresh token lifetime (1h, from the service policy) must not be shorter than the access token lifetime (2h, from client service-a) for user tokens',
        },
      ]),
    );
  });

  it('a scope policy cannot set what only entity levels set, nor subject classes', async () => {
    await expectRefusedWrite(
      lifespan,
      () =>
        lifespan.admin('POST', '/admin/v1/scopes', {
          name: 'read',
          policy: { refreshTokenRotation: false, subjectClasses: { user: {} } },
        }),
      validationProblem(NOT_VALID, [
        { field: 'policy.refreshTokenRotation', message: 'a scope policy cannot set refreshTokenRotation' },
        { field: 'policy.subjectClasses', message: 'a scope policy cannot have subject classes' },
      ]),
    );
  });

  it('an unknown preset is 400 naming preset', async () => {
    await expectRefusedWrite(
      lifespan,
      () => lifespan.admin('POST', '/admin/v1/tenants/acme/policy/preset', { preset: 'forever' }),
      validationProblem('unknown preset', [
        {
          field: 'preset',
          message: 'expected one of high-security, user-convenience, api-only, legacy-never-expire',
        },
      ]),
    );
  });

  it('the effective policy of an unknown subject class is 400 naming subjectClass', async () => {
    expectProblem(
      await lifespan.admin('GET', '/admin/v1/policy/effective?tenantId=acme&subjectClass=robot'),
      validationProblem('unknown subject class', [
        { field: 'subjectClass', message: 'expected one of user, admin, anonymous, service' },
      ]),
    );
  });

  describe('the customer API (seed 000) reports TTL problems under its own field names', () => {
    it('a TTL that is not a duration names additionalInfo.accessTokenTtlSeconds', async () => {
      await expectRefusedWrite(
        lifespan,
        () =>
          lifespan.admin('POST', '/api/customer', {
            name: 'Gamma',
            additionalInfo: { accessTokenTtlSeconds: 'soon' },
          }),
        validationProblem(NOT_VALID, [
          { field: 'additionalInfo.accessTokenTtlSeconds', message: NOT_A_DURATION('soon', ' or never') },
        ]),
      );
    });

    it('a zero TTL names additionalInfo.refreshTokenTtlSeconds', async () => {
      await expectRefusedWrite(
        lifespan,
        () =>
          lifespan.admin('POST', '/api/customer', {
            id: { entityType: 'CUSTOMER', id: 'acme' },
            name: 'Acme',
            additionalInfo: { refreshTokenTtlSeconds: 0 },
          }),
        validationProblem(NOT_VALID, [
          { field: 'additionalInfo.refreshTokenTtlSeconds', message: OUT_OF_RANGE },
        ]),
      );
    });

    it('refresh shorter than access names both TTL fields', async () => {
      const message =
        'the refresh token lifetime (1h, from tenant acme) must not be shorter than the access token lifetime (2h, from tenant acme) for user tokens';
      await expectRefusedWrite(
        lifespan,
        () =>
          lifespan.admin('POST', '/api/customer', {
            id: { entityType: 'CUSTOMER', id: 'acme' },
            name: 'Acme',
            additionalInfo: { accessTokenTtlSeconds: 7200, refreshTokenTtlSeconds: 3600 },
          }),
        validationProblem('the policy breaks a lifetime constraint', [
          { field: 'additionalInfo.refreshTokenTtlSeconds', message },
          { field: 'additionalInfo.accessTokenTtlSeconds', message },
        ]),
      );
    });

    it('additionalInfo that is a string but not JSON names additionalInfo', async () => {
      await expectRefusedWrite(
        lifespan,
        () => lifespan.admin('POST', '/api/customer', { name: 'Gamma', additionalInfo: '{not json' }),
        validationProblem('the customer is not valid', [
          { field: 'additionalInfo', message: 'a string additionalInfo must hold a JSON object' },
        ]),
      );
    });

    it('an unknown customer id is 404', async () => {
      await expectRefusedWrite(
        lifespan,
        () =>
          lifespan.admin('POST', '/api/customer', {
            id: { entityType: 'CUSTOMER', id: 'ghost' },
            name: 'Ghost',
          }),
        {
          type: 'urn:lifespan:problem:not-found',
          title: 'Not Found',
          status: 404,
          detail: 'tenant ghost does not exist',
        },
      );
    });
  });
});
