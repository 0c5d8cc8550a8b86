import Type, { type Static } from 'typebox';

/**
 * The server's own settings (the policy settings come from the policy table, see `policy/settings.ts`).
 * Each is read from the environment variable of the same name, or from the config file.
 */
export const ServerSettingsSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'TCP port to listen on' }),
  HOST: Type.String({
    minLength: 1,
    default: '127.0.0.1',
    description: 'address to listen on (0.0.0.0 for every interface)',
  }),
  ISSUER: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'issuer URL in tokens and discovery (default http://localhost:PORT)',
    }),
  ),
  DATABASE_URL: Type.String({
    minLength: 1,
    default: 'sqlite:./data/lifespan.db',
    description: 'sqlite:PATH (sqlite::memory: for a throw-away database)',
  }),
  REDIS_URL: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        'redis://host:port: lockout and rate-limit counters and cache invalidation shared by instances',
    }),
  ),
  REDIS_KEY_PREFIX: Type.String({
    minLength: 1,
    default: 'lifespan:',
    description: 'prefix of every Redis key and channel (to share one Redis between deployments)',
  }),
  LIFESPAN_ADMIN_KEY: Type.Optional(
    Type.String({
      minLength: 16,
      description: 'bootstrap bearer key for the management API (16+ characters)',
    }),
  ),
  LIFESPAN_KEY_ENCRYPTION_KEY: Type.Optional(
    Type.String({
      minLength: 32,
      description: 'encrypts private signing keys at rest (32+ random characters)',
    }),
  ),
  KEY_ROTATION_INTERVAL: Type.Optional(
    Type.String({
      description: 'rotate signing keys gracefully when older than this (e.g. 90d); unset: never',
    }),
  ),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info', description: 'fatal, error, warn, info, debug, trace or silent' },
  ),
  CHANGE_POLL_INTERVAL: Type.Integer({
    minimum: 1,
    maximum: 3600,
    default: 1,
    description: 'seconds between checks for configuration changed by another process (CLI, other instances)',
  }),
  DEVICE_POLL_INTERVAL: Type.Integer({
    minimum: 1,
    maximum: 60,
    default: 5,
    description: 'seconds a device must wait between polls of the token endpoint (RFC 8628 interval)',
  }),
  CORS_ORIGINS: Type.Optional(
    Type.String({
      description:
        'origins (scheme://host[:port], comma-separated) of browser apps allowed to call the token, revocation, userinfo, discovery and first-party endpoints from their own origin',
    }),
  ),
  LIFESPAN_CONSOLE_ASSETS: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        'directory of the built console, served at /console/ (set by `lifespan serve`, which builds it)',
    }),
  ),
  TOKEN_SWEEP_INTERVAL: Type.Integer({
    minimum: 1,
    maximum: 86_400,
    default: 60,
    description: 'seconds between removals of expired tokens from the store',
  }),
});

export type ServerSettings = Static<typeof ServerSettingsSchema>;
