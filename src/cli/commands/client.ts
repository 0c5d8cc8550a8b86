import { type Command, Option } from 'commander';
import {
  type Client,
  GRANT_TYPES,
  type GrantType,
  TOKEN_ENDPOINT_AUTH_METHODS,
  type TokenEndpointAuthMethod,
} from '../../domain/clients/client.ts';
import { clientView } from '../../http/admin/views.ts';
import { withJson } from '../options.ts';
import { emit, indent, listOrDash, type OutputOptions, orDash, pairs, table } from '../output.ts';
import { allPages } from '../paging.ts';
import { documentText, warningsText } from '../policy-text.ts';
import { CLI_ACTOR, withServices } from '../session.ts';

interface CreateOptions extends OutputOptions {
  tenant: string;
  name: string;
  id?: string;
  scope?: string[];
  grantType?: GrantType[];
  authMethod?: TokenEndpointAuthMethod;
  redirectUri?: string[];
}

export function registerClient(program: Command): void {
  const client = program.command('client').description('OAuth clients');

  withJson(
    client
      .command('create')
      .description('register a client and print its secret (once)')
      .requiredOption('--tenant <id>', 'the tenant the client belongs to')
      .requiredOption('--name <name>', 'display name')
      .option('--id <id>', 'the client_id (default: a random UUID)')
      .option('--scope <scopes...>', 'scopes the client may request')
      .addOption(
        new Option('--grant-type <types...>', 'grant types (default: client_credentials)').choices(
          GRANT_TYPES,
        ),
      )
      .addOption(
        new Option(
          '--auth-method <method>',
          'token endpoint authentication (default: client_secret_basic)',
        ).choices(TOKEN_ENDPOINT_AUTH_METHODS),
      )
      .option('--redirect-uri <uris...>', 'redirect URIs'),
  ).action(async (options: CreateOptions) => {
    const {
      client: created,
      secret,
      warnings,
    } = await withServices((services) =>
      services.clients.create(
        {
          id: options.id,
          tenantId: options.tenant,
          name: options.name,
          scopes: options.scope,
          grantTypes: options.grantType,
          tokenEndpointAuthMethod: options.authMethod,
          redirectUris: options.redirectUri,
        },
        CLI_ACTOR,
      ),
    );
    const json = { ...clientView(created), warnings, ...(secret !== undefined && { clientSecret: secret }) };
    emit(options, json, () => {
      const credentials: [string, string][] = [['client id', created.id]];
      if (secret !== undefined) credentials.push(['client secret', secret]);
      const notice =
        secret === undefined
          ? 'A public client: it has no secret.'
          : 'Store the secret now: it is shown only once.';
      return [
        `Created client ${created.id} (${created.name}) in tenant ${created.tenantId}.`,
        indent(pairs(credentials)),
        notice,
        warningsText(warnings),
      ].join('\n');
    });
  });

  withJson(
    client.command('list').description('list clients').option('--tenant <id>', "only this tenant's clients"),
  ).action(async (options: OutputOptions & { tenant?: string }) => {
    const clients = await withServices((services) =>
      allPages(
        (query) =>
          services.clients.list(
            options.tenant === undefined ? query : { ...query, tenantId: options.tenant },
          ),
        (c) => c.id,
      ),
    );
    emit(options, clients.map(clientView), () =>
      clients.length === 0
        ? 'no clients'
        : table(clients, [
            { header: 'client id', cell: (c) => c.id },
            { header: 'tenant', cell: (c) => c.tenantId },
            { header: 'name', cell: (c) => c.name },
            { header: 'auth method', cell: (c) => c.tokenEndpointAuthMethod },
            { header: 'grant types', cell: (c) => listOrDash(c.grantTypes) },
            { header: 'scopes', cell: (c) => listOrDash(c.scopes) },
          ]),
    );
  });

  withJson(client.command('show').description('show a client and its policy').argument('<id>')).action(
    async (id: string, options: OutputOptions) => {
      const found = await withServices((services) => services.clients.get(id));
      emit(options, clientView(found), () => clientText(found));
    },
  );
}

function clientText(client: Client): string {
  const view = clientView(client);
  return [
    pairs([
      ['client id', view.clientId],
      ['tenant', view.tenantId],
      ['name', view.name],
      ['auth method', view.tokenEndpointAuthMethod],
      ['grant types', listOrDash(view.grantTypes)],
      ['scopes', listOrDash(view.scopes)],
      ['redirect uris', listOrDash(view.redirectUris)],
      ['tokens not before', orDash(view.notBefore)],
      ['created', view.createdAt],
      ['updated', view.updatedAt],
    ]),
    'Policy:',
    indent(documentText(client.policy)),
  ].join('\n');
}
