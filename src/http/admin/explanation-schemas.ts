import Type from 'typebox';
import type { SettingSource } from '../../domain/policy/resolve.ts';
import { SETTING_NAMES, type SettingValue } from '../../domain/policy/settings.ts';

/** A string enum whose static type is the union of its values. */
const literals = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values] });

const closed = { additionalProperties: false } as const;

const EntitySourceSchema = Type.Object(
  {
    level: literals(['service', 'tenant', 'client'] as const),
    id: Type.String({ description: 'configuration or stored for the service; else the tenant or client id' }),
  },
  closed,
);

/**
 * Where a value or a ceiling comes from (the levels of lifetime-policy.md). One object schema rather than a
 * union per level: the response serializer would otherwise try every branch of every source of every setting.
 */
export const SettingSourceSchema = Type.Unsafe<SettingSource>(
  Type.Object(
    {
      level: literals(['default', 'service', 'tenant', 'client', 'subjectClass', 'scope', 'user', 'request']),
      id: Type.Optional(
        Type.String({
          description:
            'absent for default and request; configuration or stored for service; the subject class for ' +
            'subjectClass; else the id of the tenant, client, scope or user',
        }),
      ),
      owner: Type.Optional({
        ...EntitySourceSchema,
        description: 'for subjectClass: the service, tenant or client whose policy holds the block',
      }),
    },
    { ...closed, description: 'the level that set a value or a ceiling' },
  ),
);

const SettingValueSchema = Type.Unsafe<SettingValue>({
  type: ['number', 'string', 'boolean'],
  description: 'seconds for durations, a count, "never" or "none", true or false, or an enum value',
});

const CeilingSchema = Type.Object(
  { value: Type.Number({ description: 'seconds' }), source: SettingSourceSchema },
  { ...closed, description: 'the smallest ceiling on the path: it binds the value' },
);

const StackEntrySchema = Type.Object(
  {
    source: SettingSourceSchema,
    value: Type.Optional(SettingValueSchema),
    max: Type.Optional(Type.Number({ description: 'the ceiling this level sets, in seconds' })),
    role: literals(['won', 'overridden', 'longer-scope', 'ceiling-only'] as const),
    binding: Type.Optional(Type.Literal(true, { description: 'this ceiling is the one that binds' })),
    clamped: Type.Optional(Type.Literal(true, { description: 'this ceiling lowered the winning value' })),
  },
  {
    ...closed,
    description:
      'one level that says something about the setting. role: won; overridden (a later level set it); ' +
      'longer-scope (a scope whose value lost to a shorter scope); ceiling-only (the level sets only a max)',
  },
);

/** One setting explained: its value, the level that set it, the ceiling that binds it, and the whole stack. */
export const StackedSettingSchema = Type.Object(
  {
    value: SettingValueSchema,
    source: SettingSourceSchema,
    clampedBy: Type.Optional(SettingSourceSchema),
    ceiling: Type.Optional(CeilingSchema),
    stack: Type.Array(StackEntrySchema, {
      description:
        'every level on the path that sets the value or a ceiling, broad to specific, the default first',
    }),
  },
  closed,
);

/** Every setting, each explained with its stack. */
export const StackedSettingsSchema = Type.Object(
  Object.fromEntries(SETTING_NAMES.map((name) => [name, StackedSettingSchema])),
  closed,
);
