import Type from 'typebox';
import { SETTING_NAMES, SETTINGS, SUBJECT_CLASSES } from '../../domain/policy/settings.ts';
import type { TypedApp } from '../typed-app.ts';
import { ProblemSchema } from './schemas.ts';

const KINDS = ['lifetime', 'limit', 'interval', 'count', 'boolean', 'enum'] as const;

const SettingSchema = Type.Object({
  name: Type.String(),
  kind: Type.Unsafe<(typeof KINDS)[number]>({
    type: 'string',
    enum: [...KINDS],
    description:
      'lifetime: seconds or never (when allowsNever); limit: seconds or none; interval: seconds, 0 allowed; ' +
      'count: a whole number or none; boolean; enum: one of values',
  }),
  description: Type.String(),
  default: Type.Union([Type.Integer(), Type.String(), Type.Boolean()]),
  values: Type.Optional(Type.Array(Type.String())),
  allowsNever: Type.Boolean(),
  ceiling: Type.Boolean({ description: 'a level may bind it with max (durations only)' }),
  perScope: Type.Boolean({ description: 'a scope may carry it' }),
  tokenLifetime: Type.Boolean({
    description: 'changing it where invalidateOnChange is set ends the tokens below',
  }),
  env: Type.Optional(
    Type.String({ description: 'the environment variable that sets it at the service level' }),
  ),
});

/**
 * Every setting of the policy model, from the one table the server parses, resolves and documents them with:
 * the console builds its editor from it rather than from a copy.
 */
export function registerSettingsCatalogRoutes(app: TypedApp): void {
  const catalog = {
    subjectClasses: [...SUBJECT_CLASSES],
    settings: SETTING_NAMES.map((name) => {
      const setting = SETTINGS[name];
      const duration = setting.kind === 'lifetime' || setting.kind === 'limit' || setting.kind === 'interval';
      return {
        name,
        kind: setting.kind,
        description: setting.description,
        default: setting.default,
        ...(setting.values !== undefined && { values: [...setting.values] }),
        allowsNever: setting.allowsNever === true,
        ceiling: duration,
        perScope: setting.perScope === true,
        tokenLifetime: setting.tokenLifetime === true,
        ...(setting.env !== undefined && { env: setting.env }),
      };
    }),
  };
  app.get(
    '/admin/v1/policy/settings',
    {
      schema: {
        tags: ['policy'],
        description: 'the settings of the policy model: kind, default, what values and levels each accepts',
        response: {
          200: Type.Object({
            subjectClasses: Type.Array(Type.String()),
            settings: Type.Array(SettingSchema),
          }),
          401: ProblemSchema,
        },
      },
    },
    async () => catalog,
  );
}
