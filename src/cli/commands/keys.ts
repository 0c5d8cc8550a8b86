import type { Command } from 'commander';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../../domain/policy/settings.ts';
import { signingKeyView } from '../../http/admin/views.ts';
import { UsageError } from '../failures.ts';
import { withJson } from '../options.ts';
import { emit, type OutputOptions, orDash, table } from '../output.ts';
import { withServices } from '../session.ts';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('token signing keys');

  withJson(
    keys
      .command('rotate')
      .description(
        'rotate a signing key: graceful (publish first, retire later) or revoke (withdraw at once)',
      )
      .requiredOption('--mode <mode>', 'graceful or revoke')
      .option('--algorithm <alg>', "RS256, PS256, ES256 or EdDSA (default: the service's algorithm)"),
  ).action(async (options: OutputOptions & { mode: string; algorithm?: string }) => {
    if (options.mode !== 'graceful' && options.mode !== 'revoke') {
      throw new UsageError('--mode must be graceful or revoke');
    }
    const algorithm = options.algorithm;
    if (algorithm !== undefined && !(SIGNING_ALGORITHMS as readonly string[]).includes(algorithm)) {
      throw new UsageError(`--algorithm must be one of ${SIGNING_ALGORITHMS.join(', ')}`);
    }
    const mode = options.mode;
    const views = await withServices(async (services) => {
      await services.keyRotation.rotate(algorithm as SigningAlgorithm | undefined, mode, { actor: 'cli' });
      return services.keys.list().map(signingKeyView);
    });
    emit(options, views, () => keyTable(views));
  });

  withJson(keys.command('list').description('list the signing keys, oldest first')).action(
    async (options: OutputOptions) => {
      const views = await withServices(async (services) => services.keys.list().map(signingKeyView));
      emit(options, views, () => keyTable(views));
    },
  );
}

function keyTable(views: ReturnType<typeof signingKeyView>[]): string {
  return table(views, [
    { header: 'kid', cell: (k) => k.kid },
    { header: 'algorithm', cell: (k) => k.algorithm },
    { header: 'status', cell: (k) => k.status },
    { header: 'created', cell: (k) => k.createdAt },
    { header: 'signs from', cell: (k) => k.activatesAt },
    { header: 'retired', cell: (k) => orDash(k.retiredAt) },
    { header: 'published until', cell: (k) => orDash(k.publishedUntil) },
  ]);
}
