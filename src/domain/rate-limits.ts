import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { Clock } from './clock.ts';
import { OAuthError } from './errors.ts';
import type { PolicyResolver } from './policy/policy-resolver.ts';

/** Too many requests: answered 429 with Retry-After. */
export class RateLimited extends OAuthError {
  readonly code = 'temporarily_unavailable';
  constructor(readonly retryAfterSeconds: number) {
    super(`too many requests: retry in ${retryAfterSeconds} s`);
  }
}

export interface RateContext {
  tenantId?: string | undefined;
  clientId?: string | undefined;
  address: string;
}

/**
 * Request limits on the token, login and device endpoints, per client and per client address, each a policy
 * setting (per minute) so a tenant can set its own. Unset limits cost one cached policy lookup.
 */
export class RateLimits {
  constructor(
    private readonly clock: Clock,
    private readonly limiter: RateLimiter,
    private readonly resolver: PolicyResolver,
  ) {}

  async check(context: RateContext): Promise<void> {
    const { settings } = await this.resolver.resolve({
      tenantId: context.tenantId,
      clientId: context.tenantId === undefined ? undefined : context.clientId,
      subjectClass: 'service',
      scopes: [],
    });
    const now = this.clock.now();
    const { rateLimitPerClient: perClient, rateLimitPerAddress: perAddress } = settings;
    if (perClient !== 'none' && context.clientId !== undefined) {
      const decision = await this.limiter.hit(`client:${context.clientId}`, perClient, now);
      if (!decision.allowed) throw new RateLimited(decision.retryAfterSeconds);
    }
    if (perAddress !== 'none') {
      const decision = await this.limiter.hit(
        `address:${context.tenantId ?? ''}:${context.address}`,
        perAddress,
        now,
      );
      if (!decision.allowed) throw new RateLimited(decision.retryAfterSeconds);
    }
  }
}
