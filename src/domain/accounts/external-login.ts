import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { UserRepository } from '../../ports/user-repository.ts';
import type { Clock } from '../clock.ts';
import { InvalidGrant } from '../errors.ts';
import type { ExternalProvider, Tenant } from '../tenants/tenant.ts';
import type { User, UserProfile } from './user.ts';

/**
 * Login with an ID token from an OpenID provider the tenant trusts (issuer, JWKS URI, audience configured per
 * tenant): verified with jose, then linked to the user who has that identity, or a new user.
 */
export class ExternalLogin {
  private readonly keySets = new Map<string, JWTVerifyGetKey>();

  constructor(
    private readonly clock: Clock,
    private readonly users: UserRepository,
    private readonly newUser: (tenantId: string, profile: UserProfile) => User,
  ) {}

  async authenticate(tenant: Tenant, idToken: string): Promise<User> {
    const claims = await this.verify(tenant.externalProviders, idToken);
    const identity = { tenantId: tenant.id, issuer: claims.issuer, subject: claims.subject };
    const known = await this.users.findByExternalIdentity(identity);
    if (known) return known;
    const user = this.newUser(tenant.id, claims.profile);
    await this.users.insert(user, identity);
    return user;
  }

  private async verify(providers: ExternalProvider[], idToken: string) {
    const issuer = unverifiedIssuer(idToken);
    const provider = providers.find((p) => p.issuer === issuer);
    if (!provider) throw new InvalidGrant('the ID token is not from a provider this tenant trusts');
    try {
      // OpenID Connect Core §3.1.3.7: signature, issuer, audience, expiry
      const { payload } = await jwtVerify(idToken, this.keySet(provider.jwksUri), {
        issuer: provider.issuer,
        audience: provider.audience,
        currentDate: new Date(this.clock.now()),
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') throw new Error('no subject');
      const profile: UserProfile = {
        ...(typeof payload.name === 'string' && { name: payload.name }),
        ...(typeof payload.email === 'string' && { email: payload.email }),
        ...(typeof payload.email_verified === 'boolean' && { email_verified: payload.email_verified }),
      };
      return { issuer: provider.issuer, subject: payload.sub, profile };
    } catch {
      throw new InvalidGrant('the ID token is not valid');
    }
  }

  private keySet(jwksUri: string): JWTVerifyGetKey {
    let set = this.keySets.get(jwksUri);
    if (!set) {
      set = createRemoteJWKSet(new URL(jwksUri));
      this.keySets.set(jwksUri, set);
    }
    return set;
  }
}

function unverifiedIssuer(idToken: string): string | undefined {
  const payload = idToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && 'iss' in claims && typeof claims.iss === 'string'
      ? claims.iss
      : undefined;
  } catch {
    return undefined;
  }
}
