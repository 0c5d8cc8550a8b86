import { type Command, Option } from 'commander';
import { describeSource, describeValue } from '../../domain/policy/describe.ts';
import type { PolicyContext } from '../../domain/policy/policy-resolver.ts';
import type { ExplainedSetting } from '../../domain/policy/resolve.ts';
import { SETTING_NAMES, SUBJECT_CLASSES, type SubjectClass } from '../../domain/policy/settings.ts';
import { withJson } from '../options.ts';
import { emit, indent, type OutputOptions, table } from '../output.ts';
import { withServices } from '../session.ts';

interface ExplainOptions extends OutputOptions {
  tenant?: string;
  client?: string;
  subjectClass: SubjectClass;
  scope?: string;
}

export function registerPolicyExplain(policy: Command): void {
  withJson(
    policy
      .command('explain')
      .description(
        'every effective setting for a token: its value, the level that set it, any ceiling that clamped it',
      )
      .option('--tenant <id>', 'the tenant (implied by --client)')
      .option('--client <id>', 'the client')
      .addOption(
        new Option('--subject-class <class>', 'whom the token is for')
          .choices(SUBJECT_CLASSES)
          .default('user'),
      )
      .option('--scope <scopes>', 'requested scopes, space-separated ("read write")'),
  ).action(async (options: ExplainOptions) => {
    const scopes = (options.scope ?? '').split(/\s+/).filter((s) => s !== '');
    const context: PolicyContext = {
      tenantId: options.tenant,
      clientId: options.client,
      subjectClass: options.subjectClass,
      scopes,
    };
    const { version, settings } = await withServices((services) => services.policies.explain(context));
    const json = {
      context: {
        ...(options.tenant !== undefined && { tenantId: options.tenant }),
        ...(options.client !== undefined && { clientId: options.client }),
        subjectClass: options.subjectClass,
        scopes,
      },
      version,
      settings,
    };
    emit(options, json, () => {
      const rows = SETTING_NAMES.map((name): [string, ExplainedSetting] => [name, settings[name]]);
      const explained = table(rows, [
        { header: 'setting', cell: ([name]) => name },
        { header: 'value', cell: ([name, s]) => describeValue(s.value, name) },
        { header: 'source', cell: ([, s]) => describeSource(s.source) },
        { header: 'clamped by', cell: ([, s]) => (s.clampedBy ? describeSource(s.clampedBy) : '-') },
      ]);
      return `Effective policy for ${contextText(options, scopes)} (policy version ${version}):\n${indent(explained)}`;
    });
  });
}

function contextText(options: ExplainOptions, scopes: readonly string[]): string {
  const parts = [
    ...(options.tenant === undefined ? [] : [`tenant ${options.tenant}`]),
    ...(options.client === undefined ? [] : [`client ${options.client}`]),
  ];
  if (parts.length === 0) parts.push('the service');
  parts.push(`${options.subjectClass} tokens`);
  if (scopes.length > 0) parts.push(`scopes ${scopes.join(' ')}`);
  return parts.join(', ');
}
