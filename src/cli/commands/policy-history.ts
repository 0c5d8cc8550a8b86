import { type Command, InvalidArgumentError } from 'commander';
import type { PolicyVersion } from '../../domain/policy/change.ts';
import { isoInstant } from '../../http/admin/views.ts';
import { type LevelOptions, ownerOf, withJson, withLevel } from '../options.ts';
import { emit, type OutputOptions, table } from '../output.ts';
import { flattenDocument } from '../policy-text.ts';
import { withServices } from '../session.ts';

export function registerPolicyHistory(policy: Command): void {
  withJson(
    withLevel(
      policy
        .command('history')
        .description("the changes of a level's policy, newest first")
        .option('--limit <count>', 'how many versions', parseCount, 20),
    ),
  ).action(async (options: LevelOptions & OutputOptions & { limit: number }) => {
    const versions = await withServices((services) =>
      services.policies.history(ownerOf(options), options.limit),
    );
    const json = versions.map((v) => ({
      version: v.version,
      actor: v.actor,
      at: isoInstant(v.at),
      before: v.before,
      after: v.after,
    }));
    emit(options, json, () =>
      versions.length === 0
        ? 'no changes'
        : table(versions, [
            { header: 'version', cell: (v) => String(v.version) },
            { header: 'at', cell: (v) => isoInstant(v.at) },
            { header: 'actor', cell: (v) => v.actor },
            { header: 'changes', cell: changesText },
          ]),
    );
  });
}

/** "accessTokenTtl 1h → 15m, max.accessTokenTtl - → 1d". */
function changesText(version: PolicyVersion): string {
  const before = new Map(flattenDocument(version.before));
  const after = new Map(flattenDocument(version.after));
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  return keys
    .filter((key) => before.get(key) !== after.get(key))
    .map((key) => `${key} ${before.get(key) ?? '-'} → ${after.get(key) ?? '-'}`)
    .join(', ');
}

function parseCount(text: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > 500) {
    throw new InvalidArgumentError('expected a whole number from 1 to 500');
  }
  return count;
}
