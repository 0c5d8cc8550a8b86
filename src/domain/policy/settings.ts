/**
 * Every lifetime setting of the policy model, with its kind, built-in default and the environment variable that
 * sets it at the service level. This table is the single source for parsing, resolution, docs and presets.
 */

/** Seconds, or `never` for a token that must not expire (seed 001's legacy behaviour, flagged by lint). */
export type Lifetime = number | 'never';
/** Seconds, or `none` when the limit is switched off (sessions and accounts without an end). */
export type Limit = number | 'none';
/** A whole number of events, or `none` when the rule is switched off. */
export type Count = number | 'none';

export const SUBJECT_CLASSES = ['user', 'admin', 'anonymous', 'service'] as const;
export type SubjectClass = (typeof SUBJECT_CLASSES)[number];

export const ACCESS_TOKEN_FORMATS = ['jwt', 'opaque'] as const;
export type AccessTokenFormat = (typeof ACCESS_TOKEN_FORMATS)[number];
export const SIGNING_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];
export const REFRESH_EXPIRATIONS = ['absolute', 'sliding'] as const;
export const OVER_CEILING_RESPONSES = ['clamp', 'reject'] as const;

/** The value of every setting once the levels have been resolved. */
export interface EffectiveSettings {
  accessTokenTtl: Lifetime;
  refreshTokenTtl: Lifetime;
  refreshTokenAbsoluteTtl: Lifetime;
  refreshTokenExpiration: (typeof REFRESH_EXPIRATIONS)[number];
  refreshTokenRotation: boolean;
  refreshTokenReuseInterval: number;
  refreshTokenEnabled: boolean;
  idTokenTtl: Lifetime;
  authorizationCodeTtl: number;
  deviceCodeTtl: number;
  sessionIdleTtl: Limit;
  sessionMaxTtl: Limit;
  accountValidity: Limit;
  accessTokenFormat: AccessTokenFormat;
  signingAlgorithm: SigningAlgorithm;
  introspectionCacheTtl: number;
  revokeRefreshOnPasswordChange: boolean;
  revokeAccessOnPasswordChange: boolean;
  revokeAllOnLogout: boolean;
  /** What a request for a lifetime above the ceiling gets: the ceiling (`clamp`) or an error (`reject`). */
  requestOverCeiling: (typeof OVER_CEILING_RESPONSES)[number];
  /** Brute-force lockout (seed 004's six parameters, device.* and user.*). */
  deviceMaxFailures: Count;
  deviceFailureWindow: number;
  deviceLockDuration: number;
  userMaxDeviceLocks: Count;
  userDeviceLockWindow: number;
  userLockDuration: number;
  /** Requests per minute to the token, login and device endpoints, per client and per client address. */
  rateLimitPerClient: Count;
  rateLimitPerAddress: Count;
}

export type SettingName = keyof EffectiveSettings;
export type SettingValue = EffectiveSettings[SettingName];

/**
 * - `lifetime`: positive seconds, or `never` when `allowsNever`;
 * - `limit`: positive seconds or `none`;
 * - `interval`: seconds, zero allowed;
 * - `boolean` and `enum` as named.
 * Durations (the first three) accept ceilings (`max`).
 */
export type SettingKind = 'lifetime' | 'limit' | 'interval' | 'count' | 'boolean' | 'enum';

export interface SettingDefinition<V> {
  kind: SettingKind;
  default: V;
  description: string;
  env?: string;
  values?: readonly string[];
  allowsNever?: boolean;
  /** A scope may carry this setting (token lifetimes only); the shortest of the requested scopes wins. */
  perScope?: boolean;
  /** The lifetime of a token or code: changing it where `invalidateOnChange` is set ends the tokens below. */
  tokenLifetime?: boolean;
}

/** 2147483647 s (about 68 years): the largest lifetime accepted, and what `never` means on the wire. */
export const LONGEST_LIFETIME_SECONDS = 2_147_483_647;

export const SETTINGS: { [K in SettingName]: SettingDefinition<EffectiveSettings[K]> } = {
  accessTokenTtl: {
    kind: 'lifetime',
    tokenLifetime: true,
    default: 3600,
    env: 'ACCESS_TOKEN_TTL',
    allowsNever: true,
    perScope: true,
    description: 'access token lifetime',
  },
  refreshTokenTtl: {
    kind: 'lifetime',
    tokenLifetime: true,
    default: 2_592_000,
    env: 'REFRESH_TOKEN_TTL',
    allowsNever: true,
    perScope: true,
    description: 'refresh token lifetime; with sliding expiration, the idle window renewed on each use',
  },
  refreshTokenAbsoluteTtl: {
    kind: 'lifetime',
    tokenLifetime: true,
    default: 31_536_000,
    env: 'REFRESH_TOKEN_ABSOLUTE_TTL',
    allowsNever: true,
    perScope: true,
    description: 'hard cap on a refresh token family, counted from the original login',
  },
  refreshTokenExpiration: {
    kind: 'enum',
    default: 'absolute',
    values: REFRESH_EXPIRATIONS,
    description: 'absolute or sliding refresh token expiration',
  },
  refreshTokenRotation: {
    kind: 'boolean',
    default: true,
    env: 'REFRESH_TOKEN_ROTATION',
    description: 'a refresh issues a new refresh token and retires the old one',
  },
  refreshTokenReuseInterval: {
    kind: 'interval',
    default: 0,
    env: 'REFRESH_TOKEN_REUSE_INTERVAL',
    description: 'grace window in which a just-rotated refresh token returns the same successor',
  },
  refreshTokenEnabled: {
    kind: 'boolean',
    default: true,
    description: 'false gives the API-only profile: no refresh tokens',
  },
  idTokenTtl: {
    kind: 'lifetime',
    tokenLifetime: true,
    default: 3600,
    env: 'ID_TOKEN_TTL',
    allowsNever: true,
    perScope: true,
    description: 'ID token lifetime',
  },
  authorizationCodeTtl: {
    kind: 'lifetime',
    tokenLifetime: true,
    default: 600,
    env: 'CODE_TTL',
    perScope: true,
    description: 'authorization code lifetime (single use)',
  },
  deviceCodeTtl: {
    kind: 'lifetime',
    tokenLifetime: true,
    default: 300,
    env: 'DEVICE_CODE_TTL',
    perScope: true,
    description: 'device code lifetime (RFC 8628)',
  },
  sessionIdleTtl: {
    kind: 'limit',
    default: 'none',
    description: 'a login session ends after this much inactivity',
  },
  sessionMaxTtl: {
    kind: 'limit',
    default: 'none',
    description: 'a login session ends this long after login, whatever the activity',
  },
  accountValidity: {
    kind: 'limit',
    default: 'none',
    description: 'accounts expire this long after creation (a per-user validUntil wins)',
  },
  accessTokenFormat: {
    kind: 'enum',
    default: 'jwt',
    values: ACCESS_TOKEN_FORMATS,
    env: 'ACCESS_TOKEN_FORMAT',
    description: 'jwt (RFC 9068) or opaque (256-bit random, stored hashed)',
  },
  signingAlgorithm: {
    kind: 'enum',
    default: 'RS256',
    values: SIGNING_ALGORITHMS,
    env: 'JWT_ALGORITHM',
    description: 'JWT signing algorithm',
  },
  introspectionCacheTtl: {
    kind: 'interval',
    default: 60,
    env: 'INTROSPECTION_CACHE_TTL',
    description:
      'how long an introspection lookup may be served from cache (revocation is still seen at once)',
  },
  revokeRefreshOnPasswordChange: {
    kind: 'boolean',
    default: true,
    env: 'REVOKE_REFRESH_ON_PASSWORD_CHANGE',
    description: "a password change revokes the user's refresh tokens",
  },
  revokeAccessOnPasswordChange: {
    kind: 'boolean',
    default: true,
    description: "a password change also invalidates the user's access tokens",
  },
  revokeAllOnLogout: {
    kind: 'boolean',
    default: false,
    env: 'REVOKE_ALL_ON_LOGOUT',
    description: 'logout revokes every token of the user',
  },
  requestOverCeiling: {
    kind: 'enum',
    default: 'clamp',
    values: OVER_CEILING_RESPONSES,
    description: 'a requested expires_in above the ceiling is clamped to it, or rejected',
  },
  deviceMaxFailures: {
    kind: 'count',
    default: 5,
    description: 'lockout device.maxFailures: lock a device after this many failed logins',
  },
  deviceFailureWindow: {
    kind: 'lifetime',
    default: 900,
    description:
      'lockout device.failureWindow: the failed-login counter resets this long after its first failure',
  },
  deviceLockDuration: {
    kind: 'lifetime',
    default: 900,
    description: 'lockout device.lockDuration: how long a device stays locked',
  },
  userMaxDeviceLocks: {
    kind: 'count',
    default: 'none',
    description: 'lockout user.maxDeviceLocks: lock the user after this many device locks',
  },
  userDeviceLockWindow: {
    kind: 'lifetime',
    default: 86_400,
    description:
      'lockout user.deviceLockWindow: the device-lock counter resets this long after its first lock',
  },
  userLockDuration: {
    kind: 'lifetime',
    default: 86_400,
    description: 'lockout user.lockDuration: how long the user stays locked',
  },
  rateLimitPerClient: {
    kind: 'count',
    default: 'none',
    description: 'requests a minute one client may make to the token, login and device endpoints',
  },
  rateLimitPerAddress: {
    kind: 'count',
    default: 'none',
    description: 'requests a minute one client address may make to the token, login and device endpoints',
  },
};

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

export const isDurationKind = (kind: SettingKind): boolean =>
  kind === 'lifetime' || kind === 'limit' || kind === 'interval';

export const DURATION_SETTING_NAMES = SETTING_NAMES.filter((name) => isDurationKind(SETTINGS[name].kind));
export const PER_SCOPE_SETTING_NAMES = SETTING_NAMES.filter((name) => SETTINGS[name].perScope === true);

export const DEFAULT_SETTINGS: EffectiveSettings = Object.fromEntries(
  SETTING_NAMES.map((name) => [name, SETTINGS[name].default]),
) as unknown as EffectiveSettings;

/** Orders duration values: `never` and `none` are longer than any number of seconds. */
export const durationRank = (value: SettingValue): number =>
  typeof value === 'number' ? value : Number.POSITIVE_INFINITY;
