import Type, { type TSchema } from 'typebox';
import { SETTING_NAMES, SETTINGS, SUBJECT_CLASSES } from '../../domain/policy/settings.ts';
import {
  DEFAULT_HORIZON_SECONDS,
  LOGIN_FLOWS,
  LONGEST_HORIZON_SECONDS,
  MAX_SIMULATED_REFRESHES,
} from '../../domain/policy/simulation/scenario.ts';
import { END_REASONS, EVENT_KINDS, PIECE_KINDS } from '../../domain/policy/simulation/timeline.ts';
import { AnsweredContextSchema, POLICY_CONTEXT_FIELDS } from './policy-context.ts';
import { stringEnum } from './schemas.ts';

const DurationInput = (description: string) =>
  Type.Union([Type.Integer({ minimum: 0 }), Type.String()], {
    description: `${description}. Seconds (3600) or a duration such as "15m", "14d", "1h30m"`,
  });

export const SimulationRequestSchema = Type.Object(
  {
    context: Type.Optional(
      Type.Object(POLICY_CONTEXT_FIELDS, {
        additionalProperties: false,
        description: 'the path of the login, as GET /admin/v1/policy/effective takes it',
      }),
    ),
    scenario: Type.Optional(
      Type.Object(
        {
          loginFlow: Type.Optional(
            stringEnum(
              LOGIN_FLOWS,
              'authorizationCode (default): /oauth2/authorize, with a browser session and a code, and no expires_in; firstParty: /api/v1/auth/login, with neither, where expires_in applies',
            ),
          ),
          refreshEvery: Type.Optional(
            DurationInput('the app is used, and refreshes, this often after the login; absent: never'),
          ),
          activeFor: Type.Optional(
            DurationInput('the app is used while t ≤ activeFor; at most the horizon, which is the default'),
          ),
          horizon: Type.Optional(
            DurationInput(
              `the span simulated, ${DEFAULT_HORIZON_SECONDS} s (90 days) by default, at most ${LONGEST_HORIZON_SECONDS} s (400 days)`,
            ),
          ),
          requestedAccessTokenTtl: Type.Optional(
            DurationInput('expires_in asked for at a firstParty login, honoured up to the ceiling'),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const ServiceSource = Type.Object({
  level: Type.Literal('service'),
  id: stringEnum(['configuration', 'stored'] as const),
});
const TenantSource = Type.Object({ level: Type.Literal('tenant'), id: Type.String() });
const ClientSource = Type.Object({ level: Type.Literal('client'), id: Type.String() });

const SettingSourceSchema = Type.Union(
  [
    Type.Object({ level: Type.Literal('default') }),
    ServiceSource,
    TenantSource,
    ClientSource,
    Type.Object({
      level: Type.Literal('subjectClass'),
      id: stringEnum(SUBJECT_CLASSES),
      owner: Type.Union([ServiceSource, TenantSource, ClientSource], {
        description: 'the level whose subjectClasses block set it',
      }),
    }),
    Type.Object({ level: Type.Literal('scope'), id: Type.String() }),
    Type.Object({ level: Type.Literal('user'), id: Type.String() }),
    Type.Object({ level: Type.Literal('request') }),
  ],
  { description: 'the level that set a value or a ceiling' },
);

/** The settings a simulation reads, each explained as GET /admin/v1/policy/effective explains it. */
export const SIMULATED_SETTINGS = [
  'authorizationCodeTtl',
  'accessTokenTtl',
  'idTokenTtl',
  'refreshTokenEnabled',
  'refreshTokenTtl',
  'refreshTokenAbsoluteTtl',
  'refreshTokenExpiration',
  'refreshTokenRotation',
  'sessionIdleTtl',
  'sessionMaxTtl',
  'accountValidity',
  'requestOverCeiling',
] as const satisfies readonly (typeof SETTING_NAMES)[number][];

const valueSchema = (name: (typeof SIMULATED_SETTINGS)[number]): TSchema => {
  const definition = SETTINGS[name];
  const seconds = Type.Integer({ minimum: 0, description: 'seconds' });
  switch (definition.kind) {
    case 'boolean':
      return Type.Boolean();
    case 'enum':
      return stringEnum(definition.values ?? []);
    case 'limit':
      return Type.Union([seconds, Type.Literal('none')]);
    default:
      return definition.allowsNever ? Type.Union([seconds, Type.Literal('never')]) : seconds;
  }
};

const explained = (name: (typeof SIMULATED_SETTINGS)[number]) =>
  Type.Object(
    {
      value: valueSchema(name),
      source: SettingSourceSchema,
      clampedBy: Type.Optional(SettingSourceSchema),
      ceiling: Type.Optional(
        Type.Object(
          { value: Type.Integer({ description: 'seconds' }), source: SettingSourceSchema },
          { description: 'the smallest ceiling on the path' },
        ),
      ),
    },
    { description: SETTINGS[name].description },
  );

const Seconds = (description: string) => Type.Number({ description });
const EndCauseSchema = Type.Object(
  {
    reason: stringEnum(
      END_REASONS,
      'lifetime: its own lifetime (setting) ran out; familyEnd: refreshTokenAbsoluteTtl capped a refresh token; rotated: retired by the refresh at its end; idle, max: sessionIdleTtl, sessionMaxTtl; accountValidity, validUntil: the account ended (by the policy, by the user’s own validUntil); requestRejected: the requested lifetime is over the ceiling under requestOverCeiling reject',
    ),
    setting: Type.Optional(stringEnum(SETTING_NAMES, 'the setting that set the end')),
    source: Type.Optional(SettingSourceSchema),
    clampedBy: Type.Optional(SettingSourceSchema),
  },
  { description: 'why it ends' },
);

const PieceSchema = Type.Object({
  kind: stringEnum(
    PIECE_KINDS,
    'account (created before the login for an existing user); session: the browser SSO session, which refreshes do not renew; authorizationCode: exchanged at once, shown for its lifetime; refreshFamily: the login’s grant; accessToken, idToken (with the openid scope), refreshToken: one per issue',
  ),
  startsAt: Seconds('seconds after the login; negative before it'),
  endsAt: Type.Union([Seconds('seconds after the login'), Type.Null()], { description: 'null: never' }),
  endedBy: Type.Union([EndCauseSchema, Type.Null()], { description: 'null when it never ends' }),
});

export const SimulationResponseSchema = Type.Object({
  context: AnsweredContextSchema,
  version: Type.Integer({ description: 'the policy version simulated' }),
  scenario: Type.Object(
    {
      loginFlow: stringEnum(LOGIN_FLOWS),
      refreshEvery: Type.Union([Type.Integer(), Type.Null()], { description: 'seconds; null: no refresh' }),
      activeFor: Type.Integer({ description: 'seconds' }),
      horizon: Type.Integer({ description: 'seconds' }),
      requestedAccessTokenTtl: Type.Union([Type.Integer(), Type.Null()], { description: 'seconds' }),
    },
    { description: 'the scenario simulated, in seconds, defaults applied' },
  ),
  settings: Type.Object(Object.fromEntries(SIMULATED_SETTINGS.map((name) => [name, explained(name)])), {
    description: 'the settings the simulation read: value, source, clampedBy, ceiling',
  }),
  pieces: Type.Array(PieceSchema, { description: 'by start, then in the order of the kinds' }),
  events: Type.Array(
    Type.Object({
      at: Seconds('seconds after the login'),
      kind: stringEnum(
        EVENT_KINDS,
        'login; refresh: a refresh token used for a new access token; lastActivity: the last use of the login; end: the login ends; refused: the login is refused at once',
      ),
    }),
  ),
  loginEndsAt: Type.Union([Seconds('seconds after the login'), Type.Null()], {
    description:
      'when the app can no longer get a valid access token without the user signing in again (its last access token expired and no live refresh token can yield another, or the account ended); null: never',
  }),
  loginEndReason: Type.Union([EndCauseSchema, Type.Null()], {
    description: 'the end of the piece that ended last (the refresh token on a tie)',
  }),
  refreshTokensWithheld: Type.Union(
    [
      Type.Object({
        reason: stringEnum(['refreshTokenEnabled', 'clientGrantTypes'] as const),
        source: SettingSourceSchema,
      }),
      Type.Null(),
    ],
    { description: 'why the login gets no refresh token; null when it gets one' },
  ),
  truncated: Type.Boolean({
    description: `true: the activity went on after ${MAX_SIMULATED_REFRESHES} refreshes, which were not simulated; the timeline is as if the app stopped then`,
  }),
});
