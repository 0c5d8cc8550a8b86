/**
 * What Lifespan creates for itself: the service's own tenant, which holds the console's client and the console
 * administrators, and that client. Both ids start with `_`, which no id chosen through the API or the CLI may
 * (identifiers.ts), so they can never collide with an operator's tenant or client.
 */
export const SERVICE_TENANT_ID = '_lifespan';
export const CONSOLE_CLIENT_ID = '_lifespan-console';

/** Where the console is served, below each origin it is reached at. */
export const CONSOLE_PATH = '/console/';
export const CONSOLE_CALLBACK_PATH = '/console/callback';

/**
 * The administrators' own lifetimes, set on the service tenant when it is created (and shown, and changeable,
 * like any other policy): seed 004's administrator inactivity timeout, and an upper bound on a console session.
 */
export const SERVICE_TENANT_POLICY = {
  subjectClasses: { admin: { sessionIdleTtl: '30m', sessionMaxTtl: '10h' } },
} as const;

/** The console holds its tokens in memory only; short access tokens keep a leaked one short-lived. */
export const CONSOLE_CLIENT_POLICY = { accessTokenTtl: '5m' } as const;
