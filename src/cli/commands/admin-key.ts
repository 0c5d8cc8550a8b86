import type { Command } from 'commander';
import { isoInstant } from '../../http/admin/views.ts';
import type { AdminKeyRecord } from '../../ports/admin-key-repository.ts';
import { UsageError } from '../failures.ts';
import { withJson } from '../options.ts';
import { emit, type OutputOptions, table } from '../output.ts';
import { withServices } from '../session.ts';

/** What is shown of a stored key: never its digest. */
const keyView = (record: AdminKeyRecord) => ({
  id: record.id,
  name: record.name,
  createdAt: isoInstant(record.createdAt),
});

export function registerAdminKey(program: Command): void {
  const adminKey = program.command('admin-key').description('keys for the management API');

  withJson(
    adminKey
      .command('create')
      .description('create a management API key and print it (once); no server needs to run')
      .requiredOption('--name <name>', 'who uses the key; changes made with it are recorded under this name'),
  ).action(async (options: OutputOptions & { name: string }) => {
    if (options.name.trim() === '') throw new UsageError('--name must not be empty');
    const { record, key } = await withServices((services) => services.adminKeys.create(options.name));
    emit(options, { ...keyView(record), key }, () =>
      [`Created admin key ${record.name} (id ${record.id}). Store it now: it is shown only once.`, key].join(
        '\n',
      ),
    );
  });

  withJson(
    adminKey.command('list').description('list the management API keys (not the keys themselves)'),
  ).action(async (options: OutputOptions) => {
    const records = await withServices((services) => services.adminKeys.list());
    emit(options, records.map(keyView), () =>
      records.length === 0
        ? 'no admin keys'
        : table(records.map(keyView), [
            { header: 'id', cell: (k) => k.id },
            { header: 'name', cell: (k) => k.name },
            { header: 'created', cell: (k) => k.createdAt },
          ]),
    );
  });
}
