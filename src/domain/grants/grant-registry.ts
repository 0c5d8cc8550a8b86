import { UnauthorizedClient, UnsupportedGrantType } from '../errors.ts';
import type { GrantHandler, TokenGrantResult, TokenRequest } from './grant.ts';

/** Every grant the token endpoint knows, registered by type. */
export class GrantRegistry {
  private readonly handlers = new Map<string, GrantHandler>();

  register(handler: GrantHandler): this {
    this.handlers.set(handler.grantType, handler);
    return this;
  }

  supported(): string[] {
    return [...this.handlers.keys()];
  }

  async exchange(grantType: string, request: TokenRequest): Promise<TokenGrantResult> {
    const handler = this.handlers.get(grantType);
    if (!handler) throw new UnsupportedGrantType(`grant_type ${grantType} is not supported`);
    // RFC 6749 §5.2 unauthorized_client: the client is not allowed this grant type
    if (!(request.client.grantTypes as readonly string[]).includes(grantType)) {
      throw new UnauthorizedClient(`this client may not use the ${grantType} grant`);
    }
    return handler.handle(request);
  }
}
