import { randomInt } from 'node:crypto';
import type { DeviceCodeRepository } from '../../ports/device-code-repository.ts';
import type { User } from '../accounts/user.ts';
import type { Client } from '../clients/client.ts';
import type { Clock } from '../clock.ts';
import { UnauthorizedClient } from '../errors.ts';
import type { PolicyResolver } from '../policy/policy-resolver.ts';
import type { Session } from '../sessions/session.ts';
import { digest, randomSecret } from '../tokens/secrets.ts';
import type { DeviceAuthorization } from './device-authorization.ts';
import { grantedScopes } from './request-parameters.ts';

// RFC 8628 §6.1: consonants only (no vowels, so no words), easy to read and type: 20^8 ≈ 2^34.6 codes
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const USER_CODE_LENGTH = 8;

export interface StartedDeviceAuthorization {
  deviceCode: string;
  /** As shown to the user: XXXX-XXXX. */
  userCode: string;
  expiresIn: number;
  interval: number;
}

/** "bcdf-ghjk", "BCDF GHJK" and "BCDFGHJK" are the same code. */
export const normalizeUserCode = (typed: string): string => typed.toUpperCase().replace(/[^A-Z]/g, '');
/** The user code as the device shows it (RFC 8628 §6.1): XXXX-XXXX. */
export const displayUserCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

/** RFC 8628: device authorization requests, and the user's decision on another screen. */
export class DeviceFlow {
  constructor(
    private readonly clock: Clock,
    private readonly deviceCodes: DeviceCodeRepository,
    private readonly resolver: PolicyResolver,
    /** RFC 8628 §3.2: seconds between polls (5 unless configured). */
    private readonly pollInterval: number,
  ) {}

  /** RFC 8628 §3.1–3.2: the device code lives `deviceCodeTtl`. */
  async start(client: Client, scope: string | undefined): Promise<StartedDeviceAuthorization> {
    if (!client.grantTypes.includes('urn:ietf:params:oauth:grant-type:device_code')) {
      throw new UnauthorizedClient('this client may not use the device authorization grant');
    }
    const scopes = grantedScopes(client, scope);
    const decision = await this.resolver.resolve({
      tenantId: client.tenantId,
      clientId: client.id,
      subjectClass: 'user',
      scopes,
    });
    const deviceCode = randomSecret();
    const userCode = Array.from({ length: USER_CODE_LENGTH }, () => USER_CODE_ALPHABET[randomInt(20)]).join(
      '',
    );
    const now = this.clock.now();
    await this.deviceCodes.insert({
      deviceCodeHash: digest(deviceCode),
      userCode,
      clientId: client.id,
      scope: scopes.join(' '),
      expiresAt: now + decision.settings.deviceCodeTtl * 1000,
      intervalSeconds: this.pollInterval,
      lastPolledAt: null,
      status: 'pending',
      userId: null,
      sessionId: null,
      authTime: null,
    });
    return {
      deviceCode,
      userCode: displayUserCode(userCode),
      expiresIn: decision.settings.deviceCodeTtl,
      interval: this.pollInterval,
    };
  }

  /** A pending, unexpired authorization for a code the user typed. */
  async pending(typedUserCode: string): Promise<DeviceAuthorization | undefined> {
    const found = await this.deviceCodes.findByUserCode(normalizeUserCode(typedUserCode));
    if (found?.status !== 'pending' || this.clock.now() >= found.expiresAt) return undefined;
    return found;
  }

  approve(authorization: DeviceAuthorization, user: User, session: Session): Promise<boolean> {
    return this.deviceCodes.decide(authorization.userCode, {
      status: 'approved',
      userId: user.id,
      sessionId: session.id,
      authTime: session.authTime,
    });
  }

  deny(authorization: DeviceAuthorization): Promise<boolean> {
    return this.deviceCodes.decide(authorization.userCode, { status: 'denied' });
  }
}
