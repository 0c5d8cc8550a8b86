import type { ClientListQuery, ClientRepository } from '../../ports/client-repository.ts';
import type { TenantRepository } from '../../ports/tenant-repository.ts';
import { guardClientDeletion, guardClientRegistration } from '../admin/built-in-guards.ts';
import type { Clock, Instant } from '../clock.ts';
import type { ConfigurationChanges } from '../configuration-changes.ts';
import { type FieldProblem, NotFound, ValidationFailed } from '../errors.ts';
import { chosenOrNewId } from '../identifiers.ts';
import type { PolicyChange } from '../policy/change.ts';
import type { PolicyWarning } from '../policy/lint.ts';
import type { PolicyAdministration } from '../policy/policy-administration.ts';
import type { NotBeforeRegistry } from '../revocation/not-before.ts';
import { digest, randomSecret } from '../tokens/secrets.ts';
import type { Client, GrantType, TokenEndpointAuthMethod } from './client.ts';

export interface ClientInput {
  id?: string | undefined;
  tenantId: string;
  name: string;
  grantTypes?: GrantType[] | undefined;
  scopes?: string[] | undefined;
  redirectUris?: string[] | undefined;
  postLogoutRedirectUris?: string[] | undefined;
  firstParty?: boolean | undefined;
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod | undefined;
  policy?: unknown;
}

export type ClientPatch = Partial<Omit<ClientInput, 'id' | 'tenantId'>>;

export interface ClientResult {
  client: Client;
  /** The secret in clear: returned once, when created or rotated, and never stored. */
  secret?: string;
  warnings: PolicyWarning[];
}

export interface ClientAdministrationDeps {
  clock: Clock;
  clients: ClientRepository;
  tenants: TenantRepository;
  policies: PolicyAdministration;
  notBefores: NotBeforeRegistry;
  changes: ConfigurationChanges;
}

export class ClientAdministration {
  constructor(private readonly deps: ClientAdministrationDeps) {}

  async create(input: ClientInput, actor: string): Promise<ClientResult> {
    const id = chosenOrNewId(input.id);
    const method = input.tokenEndpointAuthMethod ?? 'client_secret_basic';
    const grantTypes = input.grantTypes ?? ['client_credentials'];
    const redirectUris = input.redirectUris ?? [];
    const postLogoutRedirectUris = input.postLogoutRedirectUris ?? [];
    const problems = registrationProblems(
      input.name,
      method,
      grantTypes,
      redirectUris,
      postLogoutRedirectUris,
      input.scopes ?? [],
    );
    if (!(await this.deps.tenants.get(input.tenantId))) {
      problems.unshift({ field: 'tenantId', message: `tenant ${input.tenantId} does not exist` });
    }
    if (problems.length > 0) throw new ValidationFailed('the client registration is not valid', problems);
    const { document, warnings } = await this.deps.policies.check(
      { level: 'client', id, tenantId: input.tenantId },
      input.policy ?? {},
    );
    const secret = method === 'none' ? undefined : randomSecret();
    const now = this.deps.clock.now();
    const client: Client = {
      id,
      tenantId: input.tenantId,
      name: input.name,
      secretHash: secret === undefined ? null : digest(secret),
      tokenEndpointAuthMethod: method,
      grantTypes: [...new Set(grantTypes)],
      scopes: [...new Set(input.scopes ?? [])],
      redirectUris,
      postLogoutRedirectUris,
      firstParty: input.firstParty ?? false,
      policy: document,
      notBefore: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.clients.insert(client, policyChange(client, {}, actor));
    await this.deps.changes.publish();
    return { client, ...(secret !== undefined && { secret }), warnings };
  }

  async get(id: string): Promise<Client> {
    const client = await this.deps.clients.get(id);
    if (!client) throw new NotFound(`client ${id} does not exist`);
    return client;
  }

  list(query: ClientListQuery): Promise<Client[]> {
    return this.deps.clients.list(query);
  }

  async update(id: string, patch: ClientPatch, actor: string): Promise<ClientResult> {
    const current = await this.get(id);
    const method = patch.tokenEndpointAuthMethod ?? current.tokenEndpointAuthMethod;
    const grantTypes = patch.grantTypes ?? current.grantTypes;
    const redirectUris = patch.redirectUris ?? current.redirectUris;
    const postLogoutRedirectUris = patch.postLogoutRedirectUris ?? current.postLogoutRedirectUris;
    const problems = registrationProblems(
      patch.name ?? current.name,
      method,
      grantTypes,
      redirectUris,
      postLogoutRedirectUris,
      patch.scopes ?? [],
    );
    if (problems.length > 0) throw new ValidationFailed('the client registration is not valid', problems);
    const { document, warnings } = await this.deps.policies.check(
      { level: 'client', id, tenantId: current.tenantId },
      patch.policy === undefined ? current.policy : patch.policy,
    );
    // a public client has no secret; a client turned confidential needs a new one
    const secret = method !== 'none' && current.secretHash === null ? randomSecret() : undefined;
    const client: Client = {
      ...current,
      name: patch.name ?? current.name,
      tokenEndpointAuthMethod: method,
      grantTypes: [...new Set(grantTypes)],
      scopes: patch.scopes ? [...new Set(patch.scopes)] : current.scopes,
      redirectUris,
      postLogoutRedirectUris,
      firstParty: patch.firstParty ?? current.firstParty,
      secretHash: method === 'none' ? null : secret !== undefined ? digest(secret) : current.secretHash,
      policy: document,
      updatedAt: this.deps.clock.now(),
    };
    guardClientRegistration(current, client);
    const change = patch.policy === undefined ? undefined : policyChange(client, current.policy, actor);
    await this.deps.clients.update(client, change);
    if (change) await this.deps.policies.invalidateOnChange(change);
    await this.deps.changes.publish();
    return { client, ...(secret !== undefined && { secret }), warnings };
  }

  /** A new secret; the old one stops working at once. */
  async rotateSecret(id: string): Promise<ClientResult> {
    const current = await this.get(id);
    if (current.tokenEndpointAuthMethod === 'none') {
      throw new ValidationFailed('a public client has no secret', [
        { field: 'tokenEndpointAuthMethod', message: 'the client authenticates with none' },
      ]);
    }
    const secret = randomSecret();
    const client = { ...current, secretHash: digest(secret), updatedAt: this.deps.clock.now() };
    await this.deps.clients.update(client);
    await this.deps.changes.publish();
    return { client, secret, warnings: [] };
  }

  async delete(id: string): Promise<void> {
    guardClientDeletion(id);
    if (!(await this.deps.clients.delete(id))) throw new NotFound(`client ${id} does not exist`);
    await this.deps.changes.publish();
  }

  /** Ends every token issued to the client until now. */
  async expireTokens(id: string): Promise<Instant> {
    await this.get(id);
    const now = this.deps.clock.now();
    await this.deps.notBefores.raise({ level: 'client', id }, now);
    await this.deps.changes.publish();
    return now;
  }
}

function registrationProblems(
  name: string,
  method: TokenEndpointAuthMethod,
  grantTypes: GrantType[],
  redirectUris: string[],
  postLogoutRedirectUris: string[],
  scopes: string[],
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  scopes.forEach((scope, index) => {
    // RFC 6749 §3.3 scope-token: a scope no request could name is refused
    if (!SCOPE_TOKEN.test(scope)) {
      problems.push({
        field: `scopes.${index}`,
        message: 'a scope is printable ASCII without space, " or \\',
      });
    }
  });
  if (name.trim() === '') problems.push({ field: 'name', message: 'a client needs a name' });
  if (grantTypes.length === 0)
    problems.push({ field: 'grantTypes', message: 'give at least one grant type' });
  // RFC 6749 §4.4: only a confidential client may use the client credentials grant
  if (method === 'none' && grantTypes.includes('client_credentials')) {
    problems.push({ field: 'grantTypes', message: 'a public client cannot use client_credentials' });
  }
  const redirecting = grantTypes.includes('authorization_code') || grantTypes.includes('implicit');
  if (redirecting && redirectUris.length === 0) {
    problems.push({
      field: 'redirectUris',
      message: 'the authorization code and implicit grants need a redirect URI',
    });
  }
  for (const [field, uris] of [
    ['redirectUris', redirectUris],
    ['postLogoutRedirectUris', postLogoutRedirectUris],
  ] as const) {
    uris.forEach((uri, index) => {
      const problem = redirectUriProblem(uri);
      if (problem) problems.push({ field: `${field}.${index}`, message: problem });
    });
  }
  return problems;
}

const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** RFC 6749 §3.1.2: an absolute URI without a fragment. */
function redirectUriProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'not an absolute URI';
  }
  if (url.hash !== '' || uri.includes('#')) return 'a redirect URI must not have a fragment';
  return undefined;
}

function policyChange(client: Client, before: Client['policy'], actor: string): PolicyChange | undefined {
  if (JSON.stringify(before) === JSON.stringify(client.policy)) return undefined;
  return {
    owner: { level: 'client', id: client.id },
    before,
    after: client.policy,
    actor,
    at: client.updatedAt,
  };
}
