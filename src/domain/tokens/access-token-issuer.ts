import type { AccessTokenRepository, OpaqueAccessTokenRecord } from '../../ports/access-token-repository.ts';
import type { Clock, Instant } from '../clock.ts';
import type { JwtSigner } from '../keys/jwt-signer.ts';
import type { KeyRing } from '../keys/key-ring.ts';
import type { PolicyDecision } from '../policy/policy-resolver.ts';
import type { RequestedLifetime } from '../policy/resolve.ts';
import { LONGEST_LIFETIME_SECONDS, type SubjectClass } from '../policy/settings.ts';
import { issuedAtFor, later, type NotBeforeRegistry } from '../revocation/not-before.ts';
import type { AccessTokenClaims, IssuedAccessToken } from './access-token.ts';
import { newOpaqueToken } from './opaque-token-format.ts';
import { digest, randomId } from './secrets.ts';

export interface AccessTokenOrder {
  decision: PolicyDecision;
  lifetime: RequestedLifetime;
  tenantId: string;
  clientId: string;
  grantId?: string | undefined;
  /** A user's access not-before, beside those of the service, tenants and client. */
  userNotBefore?: Instant | null | undefined;
  subject: string;
  subjectClass: SubjectClass;
  scopes: readonly string[];
  audience: string;
}

export interface MintedAccessToken {
  issued: IssuedAccessToken;
  /** What an opaque token stores (its digest and claims); undefined for a JWT, which stores nothing. */
  record: OpaqueAccessTokenRecord | undefined;
  /** Stores the record, if any. */
  persist(): Promise<void>;
}

const stored = async (): Promise<void> => undefined;

/** The media type of RFC 9068 access tokens. */
export const ACCESS_TOKEN_JWT_TYPE = 'at+jwt';

/** Mints access tokens in the format the policy chooses: RFC 9068 JWTs, or opaque tokens stored hashed. */
export class AccessTokenIssuer {
  constructor(
    private readonly issuer: string,
    private readonly clock: Clock,
    private readonly keys: KeyRing,
    private readonly tokens: AccessTokenRepository,
    private readonly notBefores: NotBeforeRegistry,
  ) {}

  async issue(order: AccessTokenOrder): Promise<IssuedAccessToken> {
    const minted = await this.mint(order);
    await minted.persist();
    return minted.issued;
  }

  /**
   * Builds a token without storing it yet: a refresh rotation stores the opaque record only when it won the
   * compare-and-swap, so a lost race leaves no orphan token behind.
   */
  async mint(order: AccessTokenOrder): Promise<MintedAccessToken> {
    const { decision } = order;
    const pathNotBefore = this.notBefores.latest(decision.tenantIds, order.clientId);
    const issuedAt = issuedAtFor(this.clock.now(), later(pathNotBefore, order.userNotBefore));
    // `never` is minted as the longest lifetime (2147483647 s), so `exp` stays present (RFC 9068 §2.2)
    const expiresIn = order.lifetime.value === 'never' ? LONGEST_LIFETIME_SECONDS : order.lifetime.value;
    const format = decision.settings.accessTokenFormat;
    const opaque = format === 'opaque' ? newOpaqueToken(issuedAt) : undefined;
    const claims: AccessTokenClaims = {
      jti: opaque?.id ?? randomId(),
      issuer: this.issuer,
      tenantId: order.tenantId,
      clientId: order.clientId,
      grantId: order.grantId ?? null,
      subject: order.subject,
      subjectClass: order.subjectClass,
      audience: order.audience,
      scope: order.scopes.join(' '),
      issuedAt,
      expiresAt: issuedAt + expiresIn * 1000,
      policyVersion: decision.version,
    };
    if (!opaque) {
      const signer = await this.keys.signer(decision.settings.signingAlgorithm);
      return {
        issued: { token: await signJwt(signer, claims), format, expiresIn, claims, kid: signer.kid },
        record: undefined,
        persist: stored,
      };
    }
    const record: OpaqueAccessTokenRecord = {
      id: opaque.id,
      secretHash: digest(opaque.secret),
      tenantId: claims.tenantId,
      clientId: claims.clientId,
      grantId: claims.grantId,
      subject: claims.subject,
      subjectClass: claims.subjectClass,
      scope: claims.scope,
      issuedAt: claims.issuedAt,
      expiresAt: claims.expiresAt,
      policyVersion: claims.policyVersion,
      revokedAt: null,
    };
    return {
      issued: { token: opaque.token, format, expiresIn, claims, kid: null },
      record,
      persist: () => this.tokens.insert(record),
    };
  }
}

/** RFC 9068 §2.2 claims, plus the tenant (`tid`), the grant, and the policy version the token was minted under. */
function signJwt(signer: JwtSigner, claims: AccessTokenClaims): Promise<string> {
  return signer.sign(ACCESS_TOKEN_JWT_TYPE, {
    iss: claims.issuer,
    sub: claims.subject,
    aud: claims.audience,
    exp: claims.expiresAt / 1000,
    iat: claims.issuedAt / 1000,
    jti: claims.jti,
    client_id: claims.clientId,
    scope: claims.scope,
    tid: claims.tenantId,
    policy_version: claims.policyVersion,
    ...(claims.grantId !== null && { grant_id: claims.grantId }),
  });
}
