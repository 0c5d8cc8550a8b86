import { type Command, Option } from 'commander';
import { ValidationFailed } from '../../domain/errors.ts';
import type { PolicyOwner } from '../../domain/policy/change.ts';
import type { PolicyView } from '../../domain/policy/policy-administration.ts';
import { PRESET_NAMES, PRESETS, type PresetName } from '../../domain/policy/presets.ts';
import type { Services } from '../../services.ts';
import { applyAssignments, parseAssignments } from '../assignments.ts';
import { UsageError } from '../failures.ts';
import { describeOwner, type LevelOptions, ownerOf, withJson, withLevel } from '../options.ts';
import { emit, type OutputOptions } from '../output.ts';
import { policyViewText, warningsText } from '../policy-text.ts';
import { CLI_ACTOR, withServices } from '../session.ts';
import { registerPolicyExplain } from './policy-explain.ts';
import { registerPolicyHistory } from './policy-history.ts';

type LevelOutputOptions = LevelOptions & OutputOptions;

const headingOf = (owner: PolicyOwner): string =>
  owner.level === 'service' ? 'The service policy' : `Policy of ${describeOwner(owner)}`;

export function registerPolicy(program: Command): void {
  const policy = program.command('policy').description('lifetime policies: read, change, explain');

  withJson(
    withLevel(policy.command('show').description("show a level's policy document and its warnings")),
  ).action(async (options: LevelOutputOptions) => {
    const owner = ownerOf(options);
    const view = await withServices((services) => services.policies.view(owner));
    emit(options, view, () => policyViewText(headingOf(owner), view));
  });

  withJson(
    withLevel(
      policy
        .command('set')
        .description("change a level's policy document: the assignments merge into it")
        .argument('[assignments...]', 'KEY=VALUE: accessTokenTtl=15m, max.accessTokenTtl=1d, KEY= unsets')
        .addOption(
          new Option('--preset <name>', 'apply a preset first: its settings replace the level’s').choices(
            PRESET_NAMES,
          ),
        ),
    ),
  )
    .addHelpText(
      'after',
      [
        '',
        'Values are JSON when they parse as JSON (3600, true, "15m"), text otherwise (15m, 1h30m, never).',
        'Example: lifespan policy set --tenant acme accessTokenTtl=15m subjectClasses.admin.accessTokenTtl=8h',
      ].join('\n'),
    )
    .action(async (texts: string[], options: LevelOutputOptions & { preset?: PresetName }) => {
      const assignments = parseAssignments(texts);
      if (assignments.length === 0 && options.preset === undefined) {
        throw new UsageError('nothing to set: give KEY=VALUE assignments or --preset');
      }
      const owner = ownerOf(options);
      const view = await withServices((services) =>
        namingAssignedKeys(save(services, owner, options.preset, assignments)),
      );
      emit(options, view, () => policyViewText(`Saved. ${headingOf(owner)}`, view));
    });

  withJson(
    withLevel(policy.command('lint').description("the warnings of a level's policy (advice; never fails)")),
  ).action(async (options: LevelOutputOptions) => {
    const { warnings } = await withServices((services) => services.policies.view(ownerOf(options)));
    emit(options, warnings, () => warningsText(warnings));
  });

  registerPolicyExplain(policy);
  registerPolicyHistory(policy);
}

/** One save, so that validation, versioning and invalidateOnChange see the whole change at once. */
async function save(
  services: Services,
  owner: PolicyOwner,
  preset: PresetName | undefined,
  assignments: ReturnType<typeof parseAssignments>,
): Promise<PolicyView> {
  const { policies } = services;
  if (assignments.length === 0 && preset !== undefined) return policies.applyPreset(owner, preset, CLI_ACTOR);
  const { policy: current } = await policies.view(owner);
  const base = preset === undefined ? current : { ...current, ...PRESETS[preset] };
  return policies.save(owner, applyAssignments(base, assignments), CLI_ACTOR);
}

/** Problems name the keys as `policy set` takes them: `accessTokenTtl`, not `policy.accessTokenTtl`. */
async function namingAssignedKeys<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    const problems = error.problems.map((p) => ({ ...p, field: p.field.replace(/^policy\./, '') }));
    throw new ValidationFailed(error.message, problems);
  }
}
