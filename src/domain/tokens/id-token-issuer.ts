import { createHash } from 'node:crypto';
import type { Clock, Instant } from '../clock.ts';
import type { KeyRing } from '../keys/key-ring.ts';
import type { PolicyDecision } from '../policy/policy-resolver.ts';
import { LONGEST_LIFETIME_SECONDS, type SigningAlgorithm } from '../policy/settings.ts';

export interface IdTokenOrder {
  decision: PolicyDecision;
  clientId: string;
  userId: string;
  authTime: Instant;
  nonce?: string | null | undefined;
  sessionId?: string | null | undefined;
  /** The access token issued beside it, for `at_hash`. */
  accessToken?: string | undefined;
}

/**
 * OpenID Connect Core §3.1.3.6: at_hash is the left half of the hash of the access token, with the hash of the
 * ID token's algorithm (SHA-512 for Ed25519).
 */
export function accessTokenHash(accessToken: string, algorithm: SigningAlgorithm): string {
  const digest = createHash(algorithm === 'EdDSA' ? 'sha512' : 'sha256')
    .update(accessToken)
    .digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/** OpenID Connect Core §2 ID tokens, signed with the service keys, living `idTokenTtl`. */
export class IdTokenIssuer {
  constructor(
    private readonly issuer: string,
    private readonly clock: Clock,
    private readonly keys: KeyRing,
  ) {}

  async issue(order: IdTokenOrder): Promise<string> {
    const { settings } = order.decision;
    const issuedAt = Math.floor(this.clock.now() / 1000);
    const lifetime = settings.idTokenTtl === 'never' ? LONGEST_LIFETIME_SECONDS : settings.idTokenTtl;
    const signer = await this.keys.signer(settings.signingAlgorithm);
    return signer.sign('JWT', {
      iss: this.issuer,
      sub: order.userId,
      aud: order.clientId,
      exp: issuedAt + lifetime,
      iat: issuedAt,
      auth_time: Math.floor(order.authTime / 1000),
      ...(order.nonce && { nonce: order.nonce }),
      ...(order.accessToken && { at_hash: accessTokenHash(order.accessToken, settings.signingAlgorithm) }),
      ...(order.sessionId && { sid: order.sessionId }),
    });
  }
}
