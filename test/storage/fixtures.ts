/** Records for the storage contract suite: plain values at fixed instants, overridable field by field. */
import type { User } from '../../src/domain/accounts/user.ts';
import type { AuditEvent } from '../../src/domain/audit/audit-event.ts';
import type { Client } from '../../src/domain/clients/client.ts';
import type { Instant } from '../../src/domain/clock.ts';
import type { AuthorizationCode } from '../../src/domain/grants/authorization-code.ts';
import type { DeviceAuthorization } from '../../src/domain/grants/device-authorization.ts';
import type { PolicyChange, PolicyOwner } from '../../src/domain/policy/change.ts';
import type { PolicyDocument } from '../../src/domain/policy/document.ts';
import type { Scope } from '../../src/domain/scopes/scope.ts';
import type { Interaction } from '../../src/domain/sessions/interaction.ts';
import type { Session } from '../../src/domain/sessions/session.ts';
import type { Tenant } from '../../src/domain/tenants/tenant.ts';
import type { Grant, RefreshTokenRecord } from '../../src/domain/tokens/grant.ts';
import type { OpaqueAccessTokenRecord } from '../../src/ports/access-token-repository.ts';
import type { StoredSigningKey } from '../../src/ports/signing-key-repository.ts';

/** A fixed instant the suite counts from (milliseconds). */
export const T: Instant = 1_700_000_000_000;
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

export const tenant = (id: string, overrides: Partial<Tenant> = {}): Tenant => ({
  id,
  parentId: null,
  name: `Tenant ${id}`,
  policy: {},
  profile: { email: `${id}@example.com` },
  externalProviders: [],
  notBefore: null,
  createdAt: T,
  updatedAt: T,
  ...overrides,
});

export const client = (id: string, tenantId: string, overrides: Partial<Client> = {}): Client => ({
  id,
  tenantId,
  name: `Client ${id}`,
  secretHash: `secret-hash-${id}`,
  tokenEndpointAuthMethod: 'client_secret_basic',
  grantTypes: ['authorization_code', 'refresh_token'],
  scopes: ['openid', 'profile'],
  redirectUris: [`https://${id}.example.com/callback`],
  postLogoutRedirectUris: [],
  firstParty: false,
  policy: {},
  notBefore: null,
  createdAt: T,
  updatedAt: T,
  ...overrides,
});

export const scope = (name: string, overrides: Partial<Scope> = {}): Scope => ({
  name,
  description: `The ${name} scope`,
  policy: {},
  createdAt: T,
  updatedAt: T,
  ...overrides,
});

export const change = (
  owner: PolicyOwner,
  after: PolicyDocument,
  overrides: Partial<PolicyChange> = {},
): PolicyChange => ({ owner, before: {}, after, actor: 'admin:test', at: T, ...overrides });

export const user = (id: string, tenantId: string, overrides: Partial<User> = {}): User => ({
  id,
  tenantId,
  username: id,
  passwordHash: `$argon2id$v=19$m=19456,t=2,p=1$${id}`,
  subjectClass: 'user',
  validUntil: null,
  profile: { name: `User ${id}`, email: `${id}@example.com`, email_verified: true },
  policy: {},
  accessNotBefore: null,
  refreshNotBefore: null,
  administers: null,
  createdAt: T,
  updatedAt: T,
  ...overrides,
});

export const session = (id: string, userId: string, tenantId: string, overrides: Partial<Session> = {}) =>
  ({
    id,
    secretHash: `session-secret-${id}`,
    userId,
    tenantId,
    authTime: T,
    lastActiveAt: T,
    endedAt: null,
    ...overrides,
  }) satisfies Session;

export const grant = (id: string, overrides: Partial<Grant> = {}): Grant => ({
  id,
  tenantId: 'acme',
  clientId: 'web',
  userId: 'alice',
  subjectClass: 'user',
  scope: 'openid profile',
  sessionId: null,
  authTime: T,
  createdAt: T,
  absoluteExpiresAt: T + 30 * 24 * HOUR,
  revokedAt: null,
  signingKid: null,
  ...overrides,
});

export const refreshToken = (
  id: string,
  grantId: string,
  overrides: Partial<RefreshTokenRecord> = {},
): RefreshTokenRecord => ({
  id,
  secretHash: `secret-hash-${id}`,
  grantId,
  issuedAt: T,
  expiresAt: T + 24 * HOUR,
  rotatedAt: null,
  successorBox: null,
  ...overrides,
});

export const accessToken = (
  id: string,
  overrides: Partial<OpaqueAccessTokenRecord> = {},
): OpaqueAccessTokenRecord => ({
  id,
  secretHash: `secret-hash-${id}`,
  tenantId: 'acme',
  clientId: 'web',
  grantId: null,
  subject: 'web',
  subjectClass: 'service',
  scope: 'api:read',
  issuedAt: T,
  expiresAt: T + HOUR,
  policyVersion: 1,
  revokedAt: null,
  ...overrides,
});

export const signingKey = (kid: string, overrides: Partial<StoredSigningKey> = {}): StoredSigningKey => ({
  kid,
  algorithm: 'ES256',
  publicJwk: { kty: 'EC', crv: 'P-256', x: `x-${kid}`, y: `y-${kid}`, kid, alg: 'ES256', use: 'sig' },
  privateKey: `-----BEGIN PRIVATE KEY-----\n${kid}\n-----END PRIVATE KEY-----\n`,
  createdAt: T,
  activatesAt: T,
  retiredAt: null,
  publishedUntil: null,
  revokedAt: null,
  ...overrides,
});

export const authorizationCode = (
  hash: string,
  overrides: Partial<AuthorizationCode> = {},
): AuthorizationCode => ({
  hash,
  clientId: 'web',
  userId: 'alice',
  sessionId: 'session-1',
  redirectUri: 'https://web.example.com/callback',
  scope: 'openid profile',
  nonce: `nonce-${hash}`,
  codeChallenge: `challenge-${hash}`,
  authTime: T,
  expiresAt: T + MINUTE,
  consumedAt: null,
  grantId: null,
  ...overrides,
});

export const deviceAuthorization = (
  deviceCodeHash: string,
  userCode: string,
  overrides: Partial<DeviceAuthorization> = {},
): DeviceAuthorization => ({
  deviceCodeHash,
  userCode,
  clientId: 'tv',
  scope: 'openid',
  expiresAt: T + 10 * MINUTE,
  intervalSeconds: 5,
  lastPolledAt: null,
  status: 'pending',
  userId: null,
  sessionId: null,
  authTime: null,
  ...overrides,
});

export const interaction = (id: string, overrides: Partial<Interaction> = {}): Interaction => ({
  id,
  kind: 'authorize',
  clientId: 'web',
  parameters: { response_type: 'code', client_id: 'web', state: `state-${id}` },
  csrfToken: `csrf-${id}`,
  expiresAt: T + 10 * MINUTE,
  ...overrides,
});

export const auditEvent = (id: string, overrides: Partial<AuditEvent> = {}): AuditEvent => ({
  id,
  at: T,
  actor: 'admin:ops',
  tenantId: 'acme',
  subject: 'alice',
  action: 'user.created',
  outcome: 'success',
  requestId: `request-${id}`,
  clientAddress: '192.0.2.1',
  details: { id },
  ...overrides,
});

/** Every outcome of a burst of concurrent calls, counted by a label. */
export function tally<T>(outcomes: T[], label: (outcome: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const key = label(outcome);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Runs `count` calls at once, alternating between the given connections. */
export function burst<C, R>(
  count: number,
  connections: C[],
  call: (connection: C, index: number) => Promise<R>,
) {
  return Promise.all(
    Array.from({ length: count }, (_, index) => {
      const connection = connections[index % connections.length];
      if (connection === undefined) throw new Error('no connection');
      return call(connection, index);
    }),
  );
}
