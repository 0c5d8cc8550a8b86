import type { DeviceCodeRepository } from '../../ports/device-code-repository.ts';
import type { UserRepository } from '../../ports/user-repository.ts';
import type { AccountStanding } from '../accounts/account-standing.ts';
import type { Clock } from '../clock.ts';
import {
  AccessDenied,
  AuthorizationPending,
  ExpiredToken,
  InvalidGrant,
  InvalidRequest,
  SlowDown,
} from '../errors.ts';
import { endedByNotBefore } from '../revocation/not-before.ts';
import { digest } from '../tokens/secrets.ts';
import type { UserTokens } from '../tokens/user-tokens.ts';
import type { GrantHandler, TokenGrantResult, TokenRequest } from './grant.ts';

const REFUSED = 'the device code is invalid or already used';

/** RFC 8628 §3.4–3.5: the device polls the token endpoint until the user decides or the code expires. */
export class DeviceCodeGrant implements GrantHandler {
  readonly grantType = 'urn:ietf:params:oauth:grant-type:device_code';

  constructor(
    private readonly clock: Clock,
    private readonly deviceCodes: DeviceCodeRepository,
    private readonly users: UserRepository,
    private readonly standing: AccountStanding,
    private readonly userTokens: UserTokens,
  ) {}

  async handle({ client, param }: TokenRequest): Promise<TokenGrantResult> {
    const deviceCode = param('device_code');
    if (deviceCode === undefined) throw new InvalidRequest('device_code is required');
    const hash = digest(deviceCode);
    const now = this.clock.now();
    const polled = await this.deviceCodes.poll(hash, now);
    if (polled.kind === 'unknown' || polled.authorization.clientId !== client.id)
      throw new InvalidGrant(REFUSED);
    const { authorization } = polled;
    if (now >= authorization.expiresAt) throw new ExpiredToken('the device code has expired');
    switch (authorization.status) {
      case 'pending':
        if (polled.kind === 'too-fast') {
          throw new SlowDown(`poll at most every ${authorization.intervalSeconds} seconds`);
        }
        throw new AuthorizationPending('the user has not decided yet');
      case 'denied':
        throw new AccessDenied('the user denied the authorization');
      case 'consumed':
        throw new InvalidGrant(REFUSED);
      case 'approved':
        break;
    }
    if (!(await this.deviceCodes.consume(hash))) throw new InvalidGrant(REFUSED);
    const user = authorization.userId === null ? undefined : await this.users.get(authorization.userId);
    if (!user || !(await this.standing.usable(user))) throw new InvalidGrant(REFUSED);
    // a lock, "expire all tokens" or a password change since the approving login ends the approval
    if (endedByNotBefore(authorization.authTime ?? now, user.accessNotBefore))
      throw new InvalidGrant(REFUSED);
    const { grantId: _grant, ...result } = await this.userTokens.issue({
      client,
      user,
      scopes: authorization.scope === '' ? [] : authorization.scope.split(' '),
      sessionId: authorization.sessionId,
      authTime: authorization.authTime ?? now,
    });
    return result;
  }
}
