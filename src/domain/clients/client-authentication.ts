import type { ConfigurationCache } from '../configuration-cache.ts';
import { InvalidClient } from '../errors.ts';
import { digest, matchesDigest } from '../tokens/secrets.ts';
import type { Client, TokenEndpointAuthMethod } from './client.ts';

/** Credentials as presented, before any check. */
export interface PresentedCredentials {
  clientId: string;
  secret?: string | undefined;
  method: TokenEndpointAuthMethod;
}

// compared against when the client is unknown, so that unknown and known clients take the same time
const UNKNOWN_CLIENT_DIGEST = digest('unknown client');

/** RFC 6749 §2.3.1: authenticates a client with the method it registered. */
export class ClientAuthentication {
  constructor(private readonly configuration: ConfigurationCache) {}

  /** The tenant and id of a registered client, unauthenticated: enough to pick its rate limits. */
  async known(clientId: string): Promise<{ tenantId?: string; clientId?: string }> {
    const client = await this.configuration.client(clientId);
    return client ? { tenantId: client.tenantId, clientId: client.id } : {};
  }

  async authenticate(presented: PresentedCredentials): Promise<Client> {
    const client = await this.configuration.client(presented.clientId);
    const method = client?.tokenEndpointAuthMethod;
    if (presented.method === 'none') {
      if (!client || method !== 'none') throw new InvalidClient('client authentication failed');
      return client;
    }
    const matches = matchesDigest(presented.secret ?? '', client?.secretHash ?? UNKNOWN_CLIENT_DIGEST);
    if (!client || !matches || client.secretHash === null) {
      throw new InvalidClient('client authentication failed');
    }
    // a client authenticates only with the method it registered (OpenID Connect Registration §2)
    if (method !== presented.method) {
      throw new InvalidClient(`this client authenticates with ${method}`);
    }
    return client;
  }
}
