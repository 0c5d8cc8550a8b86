import type { Command } from 'commander';
import type { Tenant } from '../../domain/tenants/tenant.ts';
import { tenantView } from '../../http/admin/views.ts';
import { withJson } from '../options.ts';
import { emit, indent, type OutputOptions, orDash, pairs, table } from '../output.ts';
import { allPages } from '../paging.ts';
import { documentText, warningsText } from '../policy-text.ts';
import { CLI_ACTOR, withServices } from '../session.ts';

interface CreateOptions extends OutputOptions {
  name: string;
  id?: string;
  parent?: string;
}

export function registerTenant(program: Command): void {
  const tenant = program.command('tenant').description('tenants (customers); they nest and inherit policy');

  withJson(
    tenant
      .command('create')
      .description('create a tenant')
      .requiredOption('--name <name>', 'display name')
      .option('--id <id>', 'the id (default: a random UUID)')
      .option('--parent <id>', 'the parent tenant, whose policy this one inherits'),
  ).action(async (options: CreateOptions) => {
    const { tenant: created, warnings } = await withServices((services) =>
      services.tenants.create({ id: options.id, name: options.name, parentId: options.parent }, CLI_ACTOR),
    );
    emit(options, { ...tenantView(created), warnings }, () => {
      const under = created.parentId === null ? '' : ` under ${created.parentId}`;
      return `Created tenant ${created.id} (${created.name})${under}.\n${warningsText(warnings)}`;
    });
  });

  withJson(
    tenant
      .command('list')
      .description('list tenants')
      .option('--parent <id>', 'only the direct sub-tenants of this tenant'),
  ).action(async (options: OutputOptions & { parent?: string }) => {
    const tenants = await withServices((services) =>
      allPages(
        (query) =>
          services.tenants.list(
            options.parent === undefined ? query : { ...query, parentId: options.parent },
          ),
        (t) => t.id,
      ),
    );
    emit(options, tenants.map(tenantView), () =>
      tenants.length === 0
        ? 'no tenants'
        : table(tenants, [
            { header: 'id', cell: (t) => t.id },
            { header: 'name', cell: (t) => t.name },
            { header: 'parent', cell: (t) => orDash(t.parentId) },
            { header: 'created', cell: (t) => tenantView(t).createdAt },
          ]),
    );
  });

  withJson(tenant.command('show').description('show a tenant and its policy').argument('<id>')).action(
    async (id: string, options: OutputOptions) => {
      const found = await withServices((services) => services.tenants.get(id));
      emit(options, tenantView(found), () => tenantText(found));
    },
  );
}

function tenantText(tenant: Tenant): string {
  const view = tenantView(tenant);
  const profile = Object.keys(tenant.profile).length === 0 ? '-' : JSON.stringify(tenant.profile);
  return [
    pairs([
      ['id', view.id],
      ['name', view.name],
      ['parent', orDash(view.parentId)],
      ['profile', profile],
      ['tokens not before', orDash(view.notBefore)],
      ['created', view.createdAt],
      ['updated', view.updatedAt],
    ]),
    'Policy:',
    indent(documentText(tenant.policy)),
  ].join('\n');
}
