import type { Command } from 'commander';
import { scopeView } from '../../http/admin/views.ts';
import { withJson } from '../options.ts';
import { emit, type OutputOptions, orDash, table } from '../output.ts';
import { flattenDocument, warningsText } from '../policy-text.ts';
import { CLI_ACTOR, withServices } from '../session.ts';

export function registerScope(program: Command): void {
  const scope = program.command('scope').description('scopes; a scope may carry its own token lifetimes');

  withJson(
    scope
      .command('create')
      .description('create a scope (set its lifetimes with `policy set --scope NAME`)')
      .requiredOption('--name <name>', 'the scope as clients request it')
      .option('--description <text>', 'what the scope grants'),
  ).action(async (options: OutputOptions & { name: string; description?: string }) => {
    const { scope: created, warnings } = await withServices((services) =>
      services.scopes.create({ name: options.name, description: options.description }, CLI_ACTOR),
    );
    emit(
      options,
      { ...scopeView(created), warnings },
      () => `Created scope ${created.name}.\n${warningsText(warnings)}`,
    );
  });

  withJson(scope.command('list').description('list scopes')).action(async (options: OutputOptions) => {
    const scopes = await withServices((services) => services.scopes.list());
    emit(options, scopes.map(scopeView), () =>
      scopes.length === 0
        ? 'no scopes'
        : table(scopes, [
            { header: 'name', cell: (s) => s.name },
            { header: 'description', cell: (s) => orDash(s.description) },
            {
              header: 'policy',
              cell: (s) =>
                orDash(
                  flattenDocument(s.policy)
                    .map(([key, value]) => `${key}=${value}`)
                    .join(' '),
                ),
            },
          ]),
    );
  });
}
