import type { Command } from 'commander';
import type { User } from '../../domain/accounts/user.ts';
import { userView } from '../../http/admin/views.ts';
import type { Services } from '../../services.ts';
import { withJson } from '../options.ts';
import { emit, type OutputOptions, orDash, pairs, table } from '../output.ts';
import { allPages } from '../paging.ts';
import { CLI_ACTOR, withServices } from '../session.ts';

type UserView = ReturnType<typeof userView>;

const viewOf = async (services: Services, user: User): Promise<UserView> =>
  userView(user, await services.users.lock(user));

export function registerUser(program: Command): void {
  const user = program.command('user').description('users: list, show, unlock after a brute-force lock');

  withJson(
    user
      .command('list')
      .description('list users, oldest id first, with their lock state')
      .option('--tenant <id>', 'only the users of this tenant'),
  ).action(async (options: OutputOptions & { tenant?: string }) => {
    const views = await withServices(async (services) => {
      const users = await allPages(
        (query) =>
          services.users.list(options.tenant === undefined ? query : { ...query, tenantId: options.tenant }),
        (u) => u.id,
      );
      return Promise.all(users.map((u) => viewOf(services, u)));
    });
    emit(options, views, () =>
      views.length === 0
        ? 'no users'
        : table(views, [
            { header: 'id', cell: (u) => u.id },
            { header: 'tenant', cell: (u) => u.tenantId },
            { header: 'username', cell: (u) => orDash(u.username) },
            { header: 'class', cell: (u) => u.subjectClass },
            { header: 'locked until', cell: (u) => orDash(u.lockedUntil) },
          ]),
    );
  });

  withJson(user.command('show').description('show a user and its lock state').argument('<id>')).action(
    async (id: string, options: OutputOptions) => {
      const view = await withServices(async (services) => viewOf(services, await services.users.get(id)));
      emit(options, view, () => userText(view));
    },
  );

  withJson(
    user
      .command('unlock')
      .description('end the brute-force lock of a user and of its devices (seed 004), as PATCH does')
      .argument('<id>'),
  ).action(async (id: string, options: OutputOptions) => {
    const view = await withServices(async (services) => {
      const { user: unlocked } = await services.users.update(
        id,
        { lockedForSecurityReasons: false },
        { actor: CLI_ACTOR },
      );
      return viewOf(services, unlocked);
    });
    emit(options, view, () => `Unlocked user ${view.id}.\n${userText(view)}`);
  });
}

function userText(view: UserView): string {
  return pairs([
    ['id', view.id],
    ['tenant', view.tenantId],
    ['username', orDash(view.username)],
    ['subject class', view.subjectClass],
    ['valid until', orDash(view.validUntil)],
    ['locked', view.lockedForSecurityReasons ? `yes, until ${view.lockedUntil}` : 'no'],
    ['tokens not before', orDash(view.accessNotBefore)],
    ['created', view.createdAt],
  ]);
}
