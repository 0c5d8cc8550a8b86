// The peer: oidc-provider v9 configured as benchmarking.md describes (client credentials, introspection,
// revocation; JWT access tokens per requested resource; the in-memory adapter), plus a refresh token client
// with rotation. Run as a child process with NODE_ENV=production, PORT, SETUP_PORT, PEER_CLIENT_ID,
// PEER_CLIENT_SECRET, PEER_APP_CLIENT_ID and PEER_APP_CLIENT_SECRET.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import MemoryAdapter, { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import LRU from 'oidc-provider/lib/helpers/lru.js';

const port = Number(process.env.PORT);
const setupPort = Number(process.env.SETUP_PORT);
const clientId = process.env.PEER_CLIENT_ID;
const clientSecret = process.env.PEER_CLIENT_SECRET;
const appClientId = process.env.PEER_APP_CLIENT_ID;
const appClientSecret = process.env.PEER_APP_CLIENT_SECRET;

/** The `resource` values the benchmark requests, and the JWT algorithm each one's tokens are signed with. */
const JWT_RESOURCES = {
  'https://rs256.bench.test/': 'RS256',
  'https://es256.bench.test/': 'ES256',
};

/** The scope of the refresh token families the setup port mints (`offline_access`: refresh tokens allowed). */
const REFRESH_SCOPE = 'read offline_access';
const DAY = 24 * 60 * 60;

/** oidc-provider's default for `clockTolerance`, which its default adapter is created with. */
const CLOCK_TOLERANCE = 15;

/**
 * The default in-memory adapter (one LRU of 1,000 entries for every model) drops a fresh refresh token that is
 * not used within a few hundred refreshes of its minting, e.g. when one connection's first request waits
 * behind the others: its first use then fails. Grants and refresh tokens get the same adapter over an LRU of
 * 10,000 entries; every other model keeps the default one, so the other cases run exactly as before.
 */
const familyStore = new LRU({ maxSize: 10_000 });
const defaultAdapter = createMemoryAdapter(CLOCK_TOLERANCE);
const adapter = (model) =>
  model === 'Grant' || model === 'RefreshToken'
    ? new MemoryAdapter(model, familyStore, CLOCK_TOLERANCE)
    : defaultAdapter(model);

const privateJwk = (type, options, kid, alg) => ({
  ...generateKeyPairSync(type, options).privateKey.export({ format: 'jwk' }),
  kid,
  alg,
  use: 'sig',
});

const provider = new Provider(`http://127.0.0.1:${port}`, {
  adapter,
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: 'read',
    },
    {
      // the refresh case's client: it only refreshes (its families are minted through the setup port)
      client_id: appClientId,
      client_secret: appClientSecret,
      grant_types: ['refresh_token'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_post',
      scope: REFRESH_SCOPE,
    },
  ],
  scopes: ['openid', 'offline_access', 'read'],
  // every refresh retires the presented token and answers a new one, as Lifespan does with rotation on
  rotateRefreshToken: true,
  // accounts live nowhere: any subject is an account whose only claim is `sub`
  findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  jwks: {
    keys: [
      privateJwk('rsa', { modulusLength: 2048 }, 'rsa-2048', 'RS256'),
      privateJwk('ec', { namedCurve: 'P-256' }, 'p-256', 'ES256'),
    ],
  },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true, allowedPolicy: async () => true },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // no `resource` parameter: no resource server, so an opaque token
      defaultResource: async () => undefined,
      getResourceServerInfo: async (_ctx, resource) => {
        const alg = JWT_RESOURCES[resource];
        if (alg === undefined) throw new Error(`unknown resource ${resource}`);
        return {
          scope: 'read',
          audience: resource,
          accessTokenTTL: 3600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg } },
        };
      },
    },
  },
});

/**
 * One refresh token family as a login would leave it: a grant of the refresh scope to a new account, and its
 * first refresh token, saved through the provider's own models (and so into its adapter).
 */
async function mintRefreshToken(client, index) {
  const accountId = `bench-user-${Date.now()}-${index}`;
  const grant = new provider.Grant({ accountId, clientId: client.clientId, expiresIn: 14 * DAY });
  grant.addOIDCScope(REFRESH_SCOPE);
  const grantId = await grant.save();
  const refreshToken = new provider.RefreshToken({
    accountId,
    client,
    grantId,
    scope: REFRESH_SCOPE,
    gty: 'authorization_code',
    authTime: Math.floor(Date.now() / 1000),
    expiresIn: 14 * DAY,
  });
  return refreshToken.save();
}

/** The setup port (not the provider's): `POST /refresh-tokens?count=N` answers N fresh refresh tokens. */
async function answerSetup(request, response) {
  const url = new URL(request.url ?? '/', 'http://setup');
  const count = Number(url.searchParams.get('count'));
  if (request.method !== 'POST' || url.pathname !== '/refresh-tokens' || !Number.isInteger(count)) {
    response.writeHead(404).end();
    return;
  }
  const client = await provider.Client.find(appClientId);
  const tokens = [];
  for (let index = 0; index < count; index++) tokens.push(await mintRefreshToken(client, index));
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(tokens));
}

provider.listen(port, '127.0.0.1');
createServer((request, response) => {
  request.resume();
  answerSetup(request, response).catch((error) => {
    response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error?.stack ?? error));
  });
}).listen(setupPort, '127.0.0.1');
