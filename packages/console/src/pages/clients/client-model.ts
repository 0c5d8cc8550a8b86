import type { paths } from '../../api/management-api.ts';

/** A client as the management API shows it (never with its secret). */
export type Client = paths['/admin/v1/clients/{id}']['get']['responses'][200]['content']['application/json'];
export type GrantType = Client['grantTypes'][number];
export type AuthMethod = Client['tokenEndpointAuthMethod'];
export type ClientCreation = NonNullable<
  paths['/admin/v1/clients']['post']['requestBody']
>['content']['application/json'];

/** The grant types a client may be registered for, in the words of the console. */
export const GRANT_TYPES: readonly { value: GrantType; label: string; hint: string }[] = [
  {
    value: 'authorization_code',
    label: 'Authorization code',
    hint: 'users sign in through the browser (with PKCE)',
  },
  { value: 'refresh_token', label: 'Refresh token', hint: 'new access tokens without signing in again' },
  { value: 'client_credentials', label: 'Client credentials', hint: 'a service acting for itself' },
  {
    value: 'urn:ietf:params:oauth:grant-type:device_code',
    label: 'Device code',
    hint: 'devices without a browser (RFC 8628)',
  },
  { value: 'implicit', label: 'Implicit', hint: 'legacy; OAuth 2.1 drops it' },
];

export const grantTypeLabel = (value: GrantType): string =>
  GRANT_TYPES.find((g) => g.value === value)?.label ?? value;

/** RFC 7591 §2 token_endpoint_auth_method values the server supports. */
export const AUTH_METHODS: readonly { value: AuthMethod; label: string }[] = [
  { value: 'client_secret_basic', label: 'Secret in the Authorization header (client_secret_basic)' },
  { value: 'client_secret_post', label: 'Secret in the request body (client_secret_post)' },
  { value: 'none', label: 'None: a public client, such as a browser or mobile app (none)' },
];

/** What the client form edits; lists are text as typed (one URI a line, scopes separated by spaces). */
export interface ClientDraft {
  name: string;
  grantTypes: GrantType[];
  scopes: string;
  redirectUris: string;
  postLogoutRedirectUris: string;
  tokenEndpointAuthMethod: AuthMethod;
  firstParty: boolean;
}

export const NEW_CLIENT: ClientDraft = {
  name: '',
  grantTypes: ['client_credentials'],
  scopes: '',
  redirectUris: '',
  postLogoutRedirectUris: '',
  tokenEndpointAuthMethod: 'client_secret_basic',
  firstParty: false,
};

export const draftOf = (client: Client): ClientDraft => ({
  name: client.name,
  grantTypes: client.grantTypes,
  scopes: client.scopes.join(' '),
  redirectUris: client.redirectUris.join('\n'),
  postLogoutRedirectUris: client.postLogoutRedirectUris.join('\n'),
  tokenEndpointAuthMethod: client.tokenEndpointAuthMethod,
  firstParty: client.firstParty,
});

export const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

export const scopeList = (text: string): string[] => text.split(/\s+/).filter((scope) => scope !== '');

/** The registration the server takes from a draft. */
export const registrationOf = (draft: ClientDraft) => ({
  name: draft.name,
  grantTypes: draft.grantTypes,
  scopes: scopeList(draft.scopes),
  redirectUris: lines(draft.redirectUris),
  postLogoutRedirectUris: lines(draft.postLogoutRedirectUris),
  tokenEndpointAuthMethod: draft.tokenEndpointAuthMethod,
  firstParty: draft.firstParty,
});

/**
 * The server's problems about one field of the form: its own ("grantTypes") and those about one of its items
 * ("redirectUris.1"), which name the item as typed.
 */
export function problemsOf(
  fields: Record<string, string>,
  name: string,
  items: readonly string[] = [],
): string | undefined {
  const messages = Object.entries(fields).flatMap(([field, message]) => {
    if (field === name) return [message];
    if (!field.startsWith(`${name}.`)) return [];
    const item = items[Number(field.slice(name.length + 1))];
    return [item === undefined ? message : `${item}: ${message}`];
  });
  return messages.length === 0 ? undefined : messages.join('; ');
}
