import { administrationServices } from './build-administration.ts';
import type { LifespanConfig } from './config/load.ts';
import { AccountStanding } from './domain/accounts/account-standing.ts';
import { ExternalLogin } from './domain/accounts/external-login.ts';
import { externalUser, FirstPartyAuth } from './domain/accounts/first-party-auth.ts';
import { Lockout } from './domain/accounts/lockout.ts';
import { PasswordLogin } from './domain/accounts/password-login.ts';
import { PasswordChecker } from './domain/accounts/passwords.ts';
import { UserAdministration } from './domain/accounts/user-administration.ts';
import { AuditLog } from './domain/audit/audit-log.ts';
import { ClientAuthentication } from './domain/clients/client-authentication.ts';
import { type Clock, systemClock } from './domain/clock.ts';
import { ConfigurationCache } from './domain/configuration-cache.ts';
import { ConfigurationChanges } from './domain/configuration-changes.ts';
import { AuthorizationCodeGrant } from './domain/grants/authorization-code-grant.ts';
import { Authorizations } from './domain/grants/authorizations.ts';
import { ClientCredentialsGrant } from './domain/grants/client-credentials.ts';
import { DeviceCodeGrant } from './domain/grants/device-code-grant.ts';
import { DeviceFlow } from './domain/grants/device-flow.ts';
import { GrantRegistry } from './domain/grants/grant-registry.ts';
import { RefreshTokenGrant } from './domain/grants/refresh-token-grant.ts';
import type { GeneratedKey } from './domain/keys/key-material.ts';
import { KeyProtection } from './domain/keys/key-protection.ts';
import { KeyRing } from './domain/keys/key-ring.ts';
import { KeyRotation } from './domain/keys/key-rotation.ts';
import { PolicyAdministration } from './domain/policy/policy-administration.ts';
import { PolicyResolver } from './domain/policy/policy-resolver.ts';
import { DEFAULT_SETTINGS, type SigningAlgorithm } from './domain/policy/settings.ts';
import { RateLimits } from './domain/rate-limits.ts';
import { NotBeforeRegistry } from './domain/revocation/not-before.ts';
import { RevocationFeed } from './domain/revocation/revocation-feed.ts';
import { LoginSessions } from './domain/sessions/login-sessions.ts';
import { RpLogout } from './domain/sessions/rp-logout.ts';
import { AccessTokenIssuer } from './domain/tokens/access-token-issuer.ts';
import { AccessTokenValidity } from './domain/tokens/access-token-validity.ts';
import { IdTokenIssuer } from './domain/tokens/id-token-issuer.ts';
import { Introspection } from './domain/tokens/introspection.ts';
import { OpaqueTokenCache } from './domain/tokens/opaque-token-cache.ts';
import { Revocation } from './domain/tokens/revocation.ts';
import { AccessTokenReader } from './domain/tokens/token-reader.ts';
import { UserTokens } from './domain/tokens/user-tokens.ts';
import { Userinfo } from './domain/tokens/userinfo.ts';
import type { Services } from './services.ts';
import { clusterParts } from './storage/cluster.ts';
import { migrateToLatest, openDatabase } from './storage/sql/database.ts';
import { sqlRepositories } from './storage/sql/repositories.ts';

export interface BuildOptions {
  clock?: Clock;
  /** Makes signing keys (default: a new key pair each time). */
  generateKey?: (algorithm: SigningAlgorithm) => Promise<GeneratedKey>;
}

const SWEEP_BATCH = 10_000;
/** How often waiting revocation-feed readers look for new events (any process or instance may append them). */
const FEED_POLL_MS = 200;

/** Opens the store, migrates it, and wires the domain to it. */
export async function buildServices(config: LifespanConfig, options: BuildOptions = {}): Promise<Services> {
  const clock = options.clock ?? systemClock;
  const database = openDatabase(config.databaseUrl);
  await migrateToLatest(database.db, database.dialect);
  const repositories = sqlRepositories(database);
  const changes = new ConfigurationChanges();
  const configuration = new ConfigurationCache(repositories, changes);
  const protection = new KeyProtection(config.keyEncryptionKey);
  const keys = new KeyRing(repositories.signingKeys, clock, protection, changes, options.generateKey);
  const notBefores = new NotBeforeRegistry(repositories.serviceState, changes);
  // the configured algorithm's key exists from the first start, so the JWKS is never empty
  const configuredAlgorithm = config.servicePolicy.signingAlgorithm ?? DEFAULT_SETTINGS.signingAlgorithm;
  await Promise.all([keys.load([configuredAlgorithm]), notBefores.reload()]);

  const resolver = new PolicyResolver(configuration, config.servicePolicy, changes);
  const { tenants, clients, scopes, serviceState, users, grants: grantStore } = repositories;
  const policies = new PolicyAdministration({
    clock,
    configured: config.servicePolicy,
    configuration,
    tenants,
    clients,
    scopes,
    users,
    serviceState,
    notBefores,
    changes,
    resolver,
  });

  const accessTokens = new AccessTokenIssuer(
    config.issuer,
    clock,
    keys,
    repositories.accessTokens,
    notBefores,
  );
  const idTokens = new IdTokenIssuer(config.issuer, clock, keys);
  const opaqueCache = new OpaqueTokenCache();
  const cluster = clusterParts(config.redisUrl, config.redisKeyPrefix);
  await cluster.start(changes, opaqueCache);
  const reader = new AccessTokenReader(
    config.issuer,
    clock,
    keys,
    repositories.accessTokens,
    opaqueCache,
    resolver,
  );
  const accounts = new AccountStanding(clock, users, resolver);
  const validity = new AccessTokenValidity(clock, reader, configuration, notBefores, accounts);
  const userTokens = new UserTokens(clock, resolver, grantStore, accessTokens, idTokens, notBefores);
  const sessions = new LoginSessions(clock, repositories.sessions, users, grantStore, resolver, notBefores);
  const passwordChecker = new PasswordChecker();
  const lockout = new Lockout(clock, cluster.lockouts ?? repositories.lockouts, resolver);
  const audit = new AuditLog(clock, repositories.audit);
  const passwordLogin = new PasswordLogin(clock, users, passwordChecker, accounts, lockout, sessions, audit);
  const userAdministration = new UserAdministration({
    clock,
    users,
    tenants,
    grants: grantStore,
    policies,
    resolver,
    lockout,
    audit,
    sessionStore: repositories.sessions,
    loginSessions: sessions,
    notBefores,
  });

  const grants = new GrantRegistry()
    .register(new ClientCredentialsGrant(resolver, accessTokens))
    .register(
      new AuthorizationCodeGrant(
        clock,
        repositories.authorizationCodes,
        grantStore,
        users,
        accounts,
        userTokens,
      ),
    )
    .register(
      new RefreshTokenGrant(
        clock,
        resolver,
        grantStore,
        accounts,
        configuration,
        notBefores,
        accessTokens,
        idTokens,
      ),
    )
    .register(new DeviceCodeGrant(clock, repositories.deviceCodes, users, accounts, userTokens));
  const administration = administrationServices({
    clock,
    repositories,
    changes,
    configuration,
    notBefores,
    policies,
    users: userAdministration,
    audit,
    validity,
    sessions,
    bootstrapAdminKey: config.adminKey,
  });

  let seenConfigVersion = await serviceState.configVersion();
  return {
    config,
    clock,
    repositories,
    changes,
    configuration,
    keys,
    clientAuthentication: new ClientAuthentication(configuration),
    grants,
    introspection: new Introspection(validity),
    revocation: new Revocation(
      clock,
      reader,
      repositories.accessTokens,
      grantStore,
      opaqueCache,
      cluster.announceRevoked,
    ),
    revocationFeed: new RevocationFeed(clock, repositories.revocationFeed, configuration, FEED_POLL_MS),
    userinfo: new Userinfo(validity),
    policies,
    users: userAdministration,
    ...administration,
    accounts,
    passwordLogin,
    sessions,
    authorizations: new Authorizations(
      config.issuer,
      clock,
      resolver,
      repositories.authorizationCodes,
      userTokens,
    ),
    deviceFlow: new DeviceFlow(clock, repositories.deviceCodes, resolver, config.devicePollIntervalSeconds),
    logout: new RpLogout(config.issuer, keys, configuration, sessions),
    firstParty: new FirstPartyAuth({
      clock,
      users,
      grants: grantStore,
      configuration,
      resolver,
      administration: userAdministration,
      passwordLogin,
      passwordChecker,
      externalLogin: new ExternalLogin(clock, users, externalUser(clock)),
      sessions,
      userTokens,
      validity,
      audit,
    }),
    audit,
    rateLimits: new RateLimits(clock, cluster.rateLimiter, resolver),
    keyRotation: new KeyRotation(
      clock,
      keys,
      repositories.signingKeys,
      grantStore,
      repositories.policyCatalog,
      config.servicePolicy,
      changes,
      audit,
    ),
    ready: async () => (await serviceState.configVersion()) > 0,
    pollForChanges: async () => {
      const version = await serviceState.configVersion();
      if (version === seenConfigVersion) return;
      seenConfigVersion = version;
      await changes.publish('remote');
    },
    sweepExpiredTokens: () => repositories.accessTokens.deleteExpired(clock.now(), SWEEP_BATCH),
    close: async () => {
      await administration.issuance.flush();
      await cluster.close();
      await database.close();
    },
  };
}
