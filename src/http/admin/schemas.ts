import Type, { type TSchema } from 'typebox';
import { GRANT_TYPES, TOKEN_ENDPOINT_AUTH_METHODS } from '../../domain/clients/client.ts';
import { SETTING_NAMES, SETTINGS, SUBJECT_CLASSES } from '../../domain/policy/settings.ts';

const describeSetting = (name: (typeof SETTING_NAMES)[number]): string => {
  const definition = SETTINGS[name];
  const accepts =
    definition.kind === 'boolean'
      ? 'true or false'
      : definition.kind === 'enum'
        ? (definition.values ?? []).join(' | ')
        : definition.kind === 'count'
          ? 'a whole number, or "none"'
          : `seconds or a duration such as "15m", "14d", "1h30m"${definition.kind === 'limit' ? ', or "none"' : definition.allowsNever ? ', or "never"' : ''}`;
  return `${definition.description}. Default ${JSON.stringify(definition.default)}. Accepts ${accepts}.`;
};

const settingProperties = Object.fromEntries(
  SETTING_NAMES.map((name) => [name, Type.Optional(Type.Unknown({ description: describeSetting(name) }))]),
);

/**
 * The policy document of one level (lifetime-policy.md). The schema documents the fields; the domain parser
 * validates them, so every problem is reported with the field it concerns.
 */
const PolicySection = Type.Object(
  {
    ...settingProperties,
    max: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'ceilings for duration settings: they bind every more specific level and every request',
      }),
    ),
  },
  { additionalProperties: true },
);

export const PolicyDocumentSchema = Type.Object(
  {
    ...PolicySection.properties,
    subjectClasses: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: `settings per subject class (${SUBJECT_CLASSES.join(', ')}), more specific than the level`,
      }),
    ),
    invalidateOnChange: Type.Optional(
      Type.Unknown({
        description: 'true: changing a token lifetime here ends every current token under the level',
      }),
    ),
  },
  { additionalProperties: true, description: 'a lifetime policy document' },
);

const Source = Type.Object(
  { level: Type.String(), id: Type.Optional(Type.String()) },
  { additionalProperties: true },
);

export const WarningSchema = Type.Object({
  setting: Type.String(),
  message: Type.String(),
  source: Source,
  subjectClasses: Type.Array(Type.String()),
});

export const Warnings = Type.Array(WarningSchema, {
  description: 'policy lint: practices seed 003 advises against',
});

export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
});

export const Id = Type.String({ minLength: 1, maxLength: 128 });
const Instant = Type.String({ format: 'date-time' });
const NullableInstant = Type.Union([Instant, Type.Null()]);
const Name = Type.String({ minLength: 1, maxLength: 200 });

const ExternalProviderSchema = Type.Object(
  {
    issuer: Type.String({ minLength: 1, maxLength: 2000 }),
    jwksUri: Type.String({ minLength: 1, maxLength: 2000 }),
    audience: Type.String({ minLength: 1, maxLength: 500 }),
  },
  {
    additionalProperties: false,
    description: 'an OpenID provider whose ID tokens log users of the tenant in',
  },
);
const ExternalProviders = Type.Array(ExternalProviderSchema, { maxItems: 20 });

export const TenantSchema = Type.Object({
  id: Id,
  parentId: Type.Union([Id, Type.Null()]),
  name: Type.String(),
  policy: PolicyDocumentSchema,
  profile: Type.Record(Type.String(), Type.Unknown()),
  externalProviders: ExternalProviders,
  notBefore: NullableInstant,
  createdAt: Instant,
  updatedAt: Instant,
});

export const TenantCreateSchema = Type.Object(
  {
    id: Type.Optional(Id),
    parentId: Type.Optional(Type.Union([Id, Type.Null()])),
    name: Name,
    policy: Type.Optional(PolicyDocumentSchema),
    profile: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    externalProviders: Type.Optional(ExternalProviders),
  },
  { additionalProperties: false },
);

export const TenantPatchSchema = Type.Object(
  {
    parentId: Type.Optional(Type.Union([Id, Type.Null()])),
    name: Type.Optional(Name),
    policy: Type.Optional(PolicyDocumentSchema),
    profile: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    externalProviders: Type.Optional(ExternalProviders),
  },
  { additionalProperties: false },
);

/** A string enum whose static type is the union of its values. */
export const stringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description && { description }) });

const GrantTypeSchema = stringEnum(GRANT_TYPES);
const AuthMethodSchema = stringEnum(TOKEN_ENDPOINT_AUTH_METHODS);
const ScopeList = Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 500 });
const UriList = Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 100 });

export const ClientSchema = Type.Object({
  id: Id,
  clientId: Id,
  tenantId: Id,
  name: Type.String(),
  grantTypes: Type.Array(GrantTypeSchema),
  scopes: Type.Array(Type.String()),
  redirectUris: Type.Array(Type.String()),
  postLogoutRedirectUris: Type.Array(Type.String()),
  firstParty: Type.Boolean(),
  tokenEndpointAuthMethod: AuthMethodSchema,
  policy: PolicyDocumentSchema,
  notBefore: NullableInstant,
  createdAt: Instant,
  updatedAt: Instant,
});

export const ClientCreateSchema = Type.Object(
  {
    id: Type.Optional(Id),
    tenantId: Id,
    name: Name,
    grantTypes: Type.Optional(Type.Array(GrantTypeSchema, { maxItems: 10 })),
    scopes: Type.Optional(ScopeList),
    redirectUris: Type.Optional(UriList),
    postLogoutRedirectUris: Type.Optional(UriList),
    firstParty: Type.Optional(
      Type.Boolean({ description: 'may use the first-party auth API (/api/v1/auth)' }),
    ),
    tokenEndpointAuthMethod: Type.Optional(AuthMethodSchema),
    policy: Type.Optional(PolicyDocumentSchema),
  },
  { additionalProperties: false },
);

export const ClientPatchSchema = Type.Object(
  {
    name: Type.Optional(Name),
    grantTypes: Type.Optional(Type.Array(GrantTypeSchema, { maxItems: 10 })),
    scopes: Type.Optional(ScopeList),
    redirectUris: Type.Optional(UriList),
    postLogoutRedirectUris: Type.Optional(UriList),
    firstParty: Type.Optional(
      Type.Boolean({ description: 'may use the first-party auth API (/api/v1/auth)' }),
    ),
    tokenEndpointAuthMethod: Type.Optional(AuthMethodSchema),
    policy: Type.Optional(PolicyDocumentSchema),
  },
  { additionalProperties: false },
);

export const ScopeSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  policy: PolicyDocumentSchema,
  createdAt: Instant,
  updatedAt: Instant,
});

export const ScopeCreateSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    policy: Type.Optional(PolicyDocumentSchema),
  },
  { additionalProperties: false },
);

export const ScopePatchSchema = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    policy: Type.Optional(PolicyDocumentSchema),
  },
  { additionalProperties: false },
);

export const PolicyViewSchema = Type.Object({
  policy: PolicyDocumentSchema,
  version: Type.Integer({ description: 'the policy version now in force' }),
  warnings: Warnings,
});

export const PresetRequestSchema = Type.Object({ preset: Type.String() }, { additionalProperties: false });

export const PageQuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  after: Type.Optional(
    Type.String({ description: 'return items after this id (the last id of the previous page)' }),
  ),
});

export const IdParams = Type.Object({ id: Id });

export const withWarnings = <T extends TSchema>(schema: T) =>
  Type.Intersect([schema, Type.Object({ warnings: Warnings })]);

export const listOf = <T extends TSchema>(schema: T) =>
  Type.Object({ items: Type.Array(schema), next: Type.Union([Type.String(), Type.Null()]) });
