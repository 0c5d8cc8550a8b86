import { expectStatus, FORM, parseObject } from './http.ts';
import { BENCH_SCOPE, type LifespanServer, setTokenFormat, type TokenFormat } from './lifespan-server.ts';
import type { LoadRequest } from './load.ts';
import { PEER_JWT_RESOURCES, type PeerServer } from './peer.ts';
import { refreshCase } from './refresh-case.ts';

export type CaseId = 'cc-opaque' | 'cc-rs256' | 'cc-es256' | 'introspect' | 'introspect-uncached' | 'refresh';

export interface BenchCase {
  id: CaseId;
  title: string;
  /** Sets Lifespan up for the case and returns the request to load it with. */
  lifespan: (server: LifespanServer) => Promise<LoadRequest>;
  /** The same for the peer (none for a Lifespan-only case); called right before the case's load. */
  peer: ((server: PeerServer) => Promise<LoadRequest>) | undefined;
}

/** What a case needs of a server: where its endpoints are and how the benchmark client authenticates. */
interface Endpoints {
  tokenUrl: string;
  introspectionUrl: string;
  authorization: string;
}

const tokenRequest = (url: string, authorization: string, body: string) => ({
  url,
  headers: { authorization, 'content-type': FORM },
  body,
});

const CC_BODY = `grant_type=client_credentials&scope=${BENCH_SCOPE}`;
const JWT_HEADER = /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/;

/** Requests one token and checks it has the expected format; returns the token. */
async function checkedToken(
  what: string,
  request: { url: string; headers: Record<string, string>; body: string },
  format: TokenFormat,
): Promise<string> {
  const answer = parseObject(
    what,
    await expectStatus(what, request.url, { method: 'POST', ...request }, 200),
  );
  const token = answer.access_token;
  if (typeof token !== 'string') throw new Error(`${what}: no access_token in ${JSON.stringify(answer)}`);
  if (format === 'opaque') {
    if (token.includes('.')) throw new Error(`${what}: expected an opaque token, got ${token}`);
  } else {
    if (!JWT_HEADER.test(token)) throw new Error(`${what}: expected a JWT, got ${token}`);
    const header = parseObject(what, Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
    if (header.alg !== format)
      throw new Error(`${what}: expected alg ${format}, got ${JSON.stringify(header)}`);
  }
  return token;
}

/** Under load every answer must carry a token: a JWT when `format` is one (its header starts with `eyJ`). */
const tokenVerifier = (format: TokenFormat) => {
  const marker = format === 'opaque' ? '"access_token":"' : '"access_token":"eyJ';
  return (body: string) => body.includes(marker) && body.includes('"token_type":"Bearer"');
};

async function tokenCase(
  what: string,
  request: { url: string; headers: Record<string, string>; body: string },
  format: TokenFormat,
): Promise<LoadRequest> {
  await checkedToken(what, request, format);
  return { ...request, verify: tokenVerifier(format) };
}

/** Mints an opaque token, introspects it once, and loads with that exact active answer as the only good one. */
async function introspectionCase(what: string, server: Endpoints): Promise<LoadRequest> {
  const { authorization } = server;
  const token = await checkedToken(
    `${what}: mint`,
    tokenRequest(server.tokenUrl, authorization, CC_BODY),
    'opaque',
  );
  const request = {
    url: server.introspectionUrl,
    headers: { authorization, 'content-type': FORM },
    body: `token=${encodeURIComponent(token)}`,
  };
  const active = await expectStatus(what, request.url, { method: 'POST', ...request }, 200);
  if (parseObject(what, active).active !== true) throw new Error(`${what}: token not active: ${active}`);
  return { ...request, verify: (body) => body === active };
}

const ccCase = (id: CaseId, title: string, format: TokenFormat): BenchCase => ({
  id,
  title,
  lifespan: async (server) => {
    await setTokenFormat(server, format);
    return tokenCase(`lifespan ${id}`, tokenRequest(server.tokenUrl, server.authorization, CC_BODY), format);
  },
  peer: async (server) => {
    const body =
      format === 'opaque' ? CC_BODY : `${CC_BODY}&resource=${encodeURIComponent(PEER_JWT_RESOURCES[format])}`;
    return tokenCase(`peer ${id}`, tokenRequest(server.tokenUrl, server.authorization, body), format);
  },
});

export const CASES: readonly BenchCase[] = [
  ccCase('cc-opaque', 'client credentials, opaque', 'opaque'),
  ccCase('cc-rs256', 'client credentials, JWT RS256', 'RS256'),
  ccCase('cc-es256', 'client credentials, JWT ES256', 'ES256'),
  {
    id: 'introspect',
    title: 'introspection, valid opaque',
    lifespan: async (server) => {
      await setTokenFormat(server, 'opaque');
      return introspectionCase('lifespan introspect', server);
    },
    peer: (server) => introspectionCase('peer introspect', server),
  },
  {
    // every introspection reads SQLite: shows what the store's size costs on the read path
    id: 'introspect-uncached',
    title: 'introspection, Lifespan cache off',
    lifespan: async (server) => {
      await setTokenFormat(server, 'opaque', { introspectionCacheTtl: 0 });
      return introspectionCase('lifespan introspect-uncached', server);
    },
    peer: undefined,
  },
  refreshCase,
];

/** The floor: the same request as the opaque case, against a bare node:http server with a fixed answer. */
export const floorRequest = (origin: string): LoadRequest => ({
  ...tokenRequest(`${origin}/oauth2/token`, 'Basic YmVuY2g6YmVuY2g=', CC_BODY),
  verify: tokenVerifier('opaque'),
});
