import type { Command } from 'commander';
import { SERVICE_TENANT_ID } from '../../domain/admin/built-ins.ts';
import { randomSecret } from '../../domain/tokens/secrets.ts';
import { userView } from '../../http/admin/views.ts';
import { consoleOrigins, consoleUrl } from '../../http/console/origins.ts';
import { withJson } from '../options.ts';
import { emit, type OutputOptions, orDash, table } from '../output.ts';
import { allPages } from '../paging.ts';
import { withServices } from '../session.ts';

interface CreateOptions extends OutputOptions {
  username: string;
  tenant?: string;
  name?: string;
  passwordStdin?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerAdmin(program: Command): void {
  const admin = program
    .command('admin')
    .description('console administrators: users of class admin in the service tenant');

  withJson(
    admin
      .command('create')
      .description(
        'create a console administrator; without --password-stdin a password is made and shown once',
      )
      .requiredOption('--username <name>', 'the name to sign in with')
      .option('--tenant <id>', 'manage only this tenant and its sub-tenants (default: the whole service)')
      .option('--name <name>', 'the name shown in the console')
      .option('--password-stdin', 'read the password from standard input'),
  ).action(async (options: CreateOptions) => {
    const password = options.passwordStdin ? await readStdin() : randomSecret().slice(0, 24);
    const { view, url } = await withServices(async (services) => {
      await services.consoleBootstrap.ensure(consoleOrigins(services.config));
      const { user } = await services.users.create({
        tenantId: SERVICE_TENANT_ID,
        username: options.username,
        password,
        subjectClass: 'admin',
        administers: options.tenant ?? null,
        ...(options.name !== undefined && { profile: { name: options.name } }),
      });
      return { view: userView(user, undefined), url: consoleUrl(services.config) };
    });
    const shown = options.passwordStdin ? {} : { password };
    emit(options, { ...view, ...shown, console: url }, () =>
      [
        `Created administrator ${options.username} (${view.administers === null ? 'the whole service' : `tenant ${view.administers} and its sub-tenants`}).`,
        ...(options.passwordStdin ? [] : [`Password (shown only once): ${password}`]),
        `Sign in at ${url}`,
      ].join('\n'),
    );
  });

  withJson(admin.command('list').description('list the console administrators')).action(
    async (options: OutputOptions) => {
      const views = await withServices(async (services) => {
        const users = await allPages(
          (query) => services.users.list({ ...query, tenantId: SERVICE_TENANT_ID }),
          (u) => u.id,
        );
        return users.filter((u) => u.subjectClass === 'admin').map((u) => userView(u, undefined));
      });
      emit(options, views, () =>
        views.length === 0
          ? 'no administrators'
          : table(views, [
              { header: 'id', cell: (u) => u.id },
              { header: 'username', cell: (u) => orDash(u.username) },
              { header: 'administers', cell: (u) => u.administers ?? '(the whole service)' },
            ]),
      );
    },
  );
}
