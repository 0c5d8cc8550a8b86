import type { BenchCase } from './cases.ts';
import type { TokenChain } from './chain.ts';
import { FORM, parseObject, send } from './http.ts';
import { createAppClient, type LifespanServer, setTokenFormat } from './lifespan-server.ts';
import type { ChainedRequest } from './load.ts';

const APP_CLIENT = 'bench-app';

/** A refresh request body; the client authenticates with `client_secret_post` on both servers. */
const refreshBody = (client: { clientId: string; secret: string }) => {
  const credentials = `client_id=${encodeURIComponent(client.clientId)}&client_secret=${encodeURIComponent(client.secret)}`;
  return (token: string) =>
    `grant_type=refresh_token&refresh_token=${encodeURIComponent(token)}&${credentials}`;
};

/** Starts this many requests at a time when minting families through Lifespan's API. */
const MINT_CONCURRENCY = 8;

/** Lifespan's families: each one a new anonymous user's login through the first-party API. */
async function lifespanRefreshTokens(
  server: LifespanServer,
  client: { clientId: string; secret: string },
  count: number,
): Promise<string[]> {
  const mintOne = async (): Promise<string> => {
    const what = 'lifespan: anonymous login';
    const answer = await send(`${server.origin}/api/v1/auth/anonymous`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: client.clientId, client_secret: client.secret }),
    });
    if (answer.status !== 201)
      throw new Error(`${what}: HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
    const token = parseObject(what, answer.text).refresh_token;
    if (typeof token !== 'string') throw new Error(`${what}: no refresh_token in ${answer.text}`);
    return token;
  };
  const tokens: string[] = [];
  while (tokens.length < count) {
    const batch = Math.min(MINT_CONCURRENCY, count - tokens.length);
    tokens.push(...(await Promise.all(Array.from({ length: batch }, mintOne))));
  }
  return tokens;
}

/** Sends one refresh and returns the answer's status and fields. */
async function refresh(url: string, chain: TokenChain, token: string) {
  const answer = await send(url, {
    method: 'POST',
    headers: { 'content-type': FORM },
    body: chain.body(token),
  });
  return { status: answer.status, text: answer.text, fields: parseObject('refresh', answer.text) };
}

/**
 * Checks by hand what the load relies on: a refresh answers a new opaque access token and a new refresh token,
 * the new one refreshes in turn, and presenting a used one again is refused (rotation, no grace replay).
 */
async function checkRotation(what: string, url: string, chain: TokenChain): Promise<void> {
  const [first] = await chain.startingTokens(1);
  if (first === undefined) throw new Error(`${what}: no starting token`);
  const answer = await refresh(url, chain, first);
  const { access_token: accessToken, refresh_token: successor } = answer.fields;
  if (answer.status !== 200 || typeof accessToken !== 'string' || typeof successor !== 'string') {
    throw new Error(`${what}: refresh answered HTTP ${answer.status}: ${answer.text}`);
  }
  if (accessToken.includes('.'))
    throw new Error(`${what}: expected an opaque access token, got ${accessToken}`);
  if (successor === first) throw new Error(`${what}: the refresh token was not rotated`);
  const next = await refresh(url, chain, successor);
  if (next.status !== 200 || typeof next.fields.refresh_token !== 'string') {
    throw new Error(`${what}: refreshing with the successor answered HTTP ${next.status}: ${next.text}`);
  }
  const reuse = await refresh(url, chain, first);
  if (reuse.status !== 400 || reuse.fields.error !== 'invalid_grant') {
    throw new Error(`${what}: a used refresh token was not refused: HTTP ${reuse.status}: ${reuse.text}`);
  }
}

async function chainedRefresh(what: string, url: string, chain: TokenChain): Promise<ChainedRequest> {
  await checkRotation(what, url, chain);
  return { url, headers: { 'content-type': FORM }, chain };
}

/**
 * The refresh grant with rotation on both servers, opaque access tokens on both. Lifespan: rotation on and a
 * reuse interval of 0, so that a used token is never answered again. The peer: `rotateRefreshToken: true`.
 */
export const refreshCase: BenchCase = {
  id: 'refresh',
  title: 'refresh, rotation, opaque',
  lifespan: async (server) => {
    await setTokenFormat(server, 'opaque', { refreshTokenRotation: true, refreshTokenReuseInterval: 0 });
    const client = await createAppClient(server, APP_CLIENT);
    const chain: TokenChain = {
      startingTokens: (count) => lifespanRefreshTokens(server, client, count),
      body: refreshBody(client),
    };
    return chainedRefresh('lifespan refresh', server.tokenUrl, chain);
  },
  peer: (server) => {
    const chain: TokenChain = { startingTokens: server.refreshTokens, body: refreshBody(server.appClient) };
    return chainedRefresh('peer refresh', server.tokenUrl, chain);
  },
};
