import { type Command, Option } from 'commander';
import type { PolicyOwner } from '../domain/policy/change.ts';

/** `--json` on every command: JSON only on stdout, for scripts. */
export const withJson = (command: Command): Command =>
  command.option('--json', 'print JSON only, for scripts');

export interface LevelOptions {
  tenant?: string;
  client?: string;
  scope?: string;
}

/** `--tenant T | --client C | --scope S`: the level whose policy document a command reads or writes. */
export function withLevel(command: Command): Command {
  return command
    .addOption(new Option('--tenant <id>', "the tenant's policy").conflicts(['client', 'scope']))
    .addOption(new Option('--client <id>', "the client's policy").conflicts(['tenant', 'scope']))
    .addOption(new Option('--scope <name>', "the scope's policy").conflicts(['tenant', 'client']))
    .addHelpText('after', '\nWithout --tenant, --client or --scope: the service policy.');
}

export function ownerOf(options: LevelOptions): PolicyOwner {
  if (options.tenant !== undefined) return { level: 'tenant', id: options.tenant };
  if (options.client !== undefined) return { level: 'client', id: options.client };
  if (options.scope !== undefined) return { level: 'scope', id: options.scope };
  return { level: 'service' };
}

/** "the service policy", "tenant acme": how a level reads in a heading. */
export const describeOwner = (owner: PolicyOwner): string =>
  owner.level === 'service' ? 'the service policy' : `${owner.level} ${owner.id}`;
