import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { basicAuthorization, expectStatus } from './http.ts';
import { REPOSITORY_ROOT } from './lifespan-server.ts';
import { freePort, type ServerProcess, startServer } from './processes.ts';

export interface PeerServer extends ServerProcess {
  authorization: string;
  tokenUrl: string;
  introspectionUrl: string;
  /** The refresh case's client (`client_secret_post`). */
  appClient: { clientId: string; secret: string };
  /** Fresh refresh token families of the app client, minted in the peer's process (see peer-server.mjs). */
  refreshTokens(count: number): Promise<string[]>;
}

/** The `resource` the peer signs its JWT access tokens for, per algorithm (see peer-server.mjs). */
export const PEER_JWT_RESOURCES = {
  RS256: 'https://rs256.bench.test/',
  ES256: 'https://es256.bench.test/',
} as const;

/** Starts oidc-provider (bench/peer-server.mjs) in production mode and waits for its discovery document. */
export async function startPeer(pinned: boolean): Promise<PeerServer> {
  const port = await freePort();
  const setupPort = await freePort();
  const clientId = 'bench-client';
  const secret = randomBytes(32).toString('base64url');
  const appClient = { clientId: 'bench-app', secret: randomBytes(32).toString('base64url') };
  const server = await startServer({
    name: 'oidc-provider',
    args: [join(REPOSITORY_ROOT, 'bench/peer-server.mjs')],
    cwd: REPOSITORY_ROOT,
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      SETUP_PORT: String(setupPort),
      PEER_CLIENT_ID: clientId,
      PEER_CLIENT_SECRET: secret,
      PEER_APP_CLIENT_ID: appClient.clientId,
      PEER_APP_CLIENT_SECRET: appClient.secret,
    },
    port,
    readyPath: '/.well-known/openid-configuration',
    pinned,
  });
  const refreshTokens = async (count: number): Promise<string[]> => {
    const url = `http://127.0.0.1:${setupPort}/refresh-tokens?count=${count}`;
    const tokens: unknown = JSON.parse(
      await expectStatus('peer refresh tokens', url, { method: 'POST' }, 200),
    );
    if (!Array.isArray(tokens) || !tokens.every((t): t is string => typeof t === 'string')) {
      throw new Error(`peer refresh tokens: expected an array of strings, got ${JSON.stringify(tokens)}`);
    }
    return tokens;
  };
  return {
    ...server,
    authorization: basicAuthorization(clientId, secret),
    tokenUrl: `${server.origin}/token`,
    introspectionUrl: `${server.origin}/token/introspection`,
    appClient,
    refreshTokens,
  };
}
