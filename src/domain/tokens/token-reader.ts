import { jwtVerify } from 'jose';
import type { AccessTokenRepository, OpaqueAccessTokenRecord } from '../../ports/access-token-repository.ts';
import type { Clock, Instant } from '../clock.ts';
import type { KeyRing } from '../keys/key-ring.ts';
import type { PolicyResolver } from '../policy/policy-resolver.ts';
import { SIGNING_ALGORITHMS } from '../policy/settings.ts';
import { ACCESS_TOKEN_JWT_TYPE } from './access-token-issuer.ts';
import type { OpaqueTokenCache } from './opaque-token-cache.ts';
import { splitOpaqueToken } from './opaque-token-format.ts';
import { matchesDigest } from './secrets.ts';

/** What a presented access token claims, before the checks of its validity (expiry, revocation, not-before). */
export interface ReadAccessToken {
  format: 'jwt' | 'opaque';
  /** A JWT's `jti`; an opaque token's public id. */
  jti: string;
  tenantId: string;
  clientId: string;
  /** The grant (user login) the token belongs to; null for a client acting for itself. */
  grantId: string | null;
  subject: string;
  audience: string;
  scope: string;
  issuedAt: Instant;
  expiresAt: Instant;
  policyVersion: number;
  revoked: boolean;
}

const JWT_SHAPE = /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/;

/** Reads access tokens of either format: verifies JWT signatures, looks opaque tokens up by id and checks their secret. */
export class AccessTokenReader {
  constructor(
    private readonly issuer: string,
    private readonly clock: Clock,
    private readonly keys: KeyRing,
    private readonly tokens: AccessTokenRepository,
    private readonly cache: OpaqueTokenCache,
    private readonly policies: PolicyResolver,
  ) {}

  /** Undefined when the token is not one of ours (unknown, malformed, bad signature). */
  read(token: string): Promise<ReadAccessToken | undefined> {
    return JWT_SHAPE.test(token) ? this.readJwt(token) : this.readOpaque(token);
  }

  private async readJwt(token: string): Promise<ReadAccessToken | undefined> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.keys.verificationKeys(), {
        issuer: this.issuer,
        typ: ACCESS_TOKEN_JWT_TYPE,
        algorithms: [...SIGNING_ALGORITHMS],
        currentDate: new Date(this.clock.now()),
      }));
    } catch {
      return undefined;
    }
    const { jti, tid, client_id, sub, aud, scope, iat, exp, policy_version, grant_id } = payload;
    if (
      typeof jti !== 'string' ||
      typeof tid !== 'string' ||
      typeof client_id !== 'string' ||
      typeof sub !== 'string' ||
      typeof aud !== 'string' ||
      typeof scope !== 'string' ||
      typeof iat !== 'number' ||
      typeof exp !== 'number' ||
      typeof policy_version !== 'number' ||
      (grant_id !== undefined && typeof grant_id !== 'string')
    ) {
      return undefined;
    }
    return {
      format: 'jwt',
      jti,
      tenantId: tid,
      clientId: client_id,
      grantId: grant_id ?? null,
      subject: sub,
      audience: aud,
      scope,
      issuedAt: iat * 1000,
      expiresAt: exp * 1000,
      policyVersion: policy_version,
      revoked: await this.tokens.isJwtRevoked(jti),
    };
  }

  private async readOpaque(token: string): Promise<ReadAccessToken | undefined> {
    const parts = splitOpaqueToken(token);
    if (!parts) return undefined;
    const now = this.clock.now();
    let record = this.cache.get(parts.id, now);
    if (!record) {
      record = await this.tokens.findById(parts.id);
      if (!record) return undefined;
      await this.remember(record, now);
    }
    // the secret is checked on every read, cached record or not: the id alone is not a credential
    if (!matchesDigest(parts.secret, record.secretHash)) return undefined;
    return {
      format: 'opaque',
      jti: record.id,
      tenantId: record.tenantId,
      clientId: record.clientId,
      grantId: record.grantId,
      subject: record.subject,
      audience: record.clientId,
      scope: record.scope,
      issuedAt: record.issuedAt,
      expiresAt: record.expiresAt,
      policyVersion: record.policyVersion,
      revoked: record.revokedAt !== null,
    };
  }

  /** Caches the record for the `introspectionCacheTtl` of the token's own policy. */
  private async remember(record: OpaqueAccessTokenRecord, now: Instant): Promise<void> {
    try {
      const decision = await this.policies.resolve({
        tenantId: record.tenantId,
        clientId: record.clientId,
        subjectClass: record.subjectClass,
        scopes: record.scope === '' ? [] : record.scope.split(' '),
      });
      const ttl = decision.settings.introspectionCacheTtl * 1000;
      if (ttl > 0) this.cache.set(record, Math.min(now + ttl, record.expiresAt));
    } catch {
      // the token's client or tenant is gone: nothing to cache, and validation will find the token inactive
    }
  }
}
