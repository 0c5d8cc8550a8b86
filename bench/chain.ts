import type { Client, RequestData } from 'autocannon';

/**
 * A load in which every request presents a token that is good for one use and whose answer carries the next
 * one: the refresh grant with rotation. Each connection follows its own chain of tokens.
 */
export interface TokenChain {
  /** Mints `count` fresh starting tokens (one family each); called right before every run. */
  startingTokens(count: number): Promise<string[]>;
  /** The request body presenting `token`. */
  body(token: string): string;
}

/** What autocannon is given for one run of a chained load. */
export interface ChainedRun {
  /** A first body for autocannon's defaults; each connection replaces it before anything is sent. */
  body: string;
  setupClient: (client: Client) => void;
  verifyBody: (body: string) => boolean;
  /** Connections that started a new family because an answer carried no successor (or never came). */
  restarts(): number;
}

/** Presented once spare families run out: refused by both servers, so every such request counts as an error. */
const NO_TOKEN_LEFT = 'no-token-left';

/** The tokens of a good answer: a Bearer access token and a refresh token, as JSON strings. */
function tokensOf(body: string): { accessToken: string; refreshToken: string } | undefined {
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof answer !== 'object' || answer === null) return undefined;
  const fields = answer as Record<string, unknown>;
  const { access_token: accessToken, refresh_token: refreshToken, token_type: tokenType } = fields;
  if (typeof accessToken !== 'string' || typeof refreshToken !== 'string' || tokenType !== 'Bearer') {
    return undefined;
  }
  return { accessToken, refreshToken };
}

/**
 * Mints two families per connection (one to start with, one spare) and wires autocannon so that each
 * connection presents its own chain: the refresh token of an answer is what that connection presents next.
 * A connection whose answer carried no successor (an error, or a timeout) goes on with a spare family. The
 * check of every answer: HTTP 200 is autocannon's (non-2xx), the body must carry an access token and a refresh
 * token neither of which was seen before in this run (an answer repeated for a reused token fails it).
 */
export async function chainedRun(chain: TokenChain, connections: number): Promise<ChainedRun> {
  const tokens = await chain.startingTokens(connections * 2);
  const starting = tokens.slice(0, connections);
  const spares = tokens.slice(connections);
  const seen = new Set<string>();
  let restarts = 0;

  const setupClient = (client: Client) => {
    // the token this connection presents next; undefined while its last request waits for (or lost) its answer
    let next: string | undefined = starting.pop();
    client.setRequests([
      {
        setupRequest: (request: RequestData) => {
          let token = next;
          if (token === undefined) {
            restarts += 1;
            token = spares.pop() ?? NO_TOKEN_LEFT;
          }
          next = undefined;
          return { ...request, body: chain.body(token) };
        },
        onResponse: (status, body) => {
          next = status === 200 ? tokensOf(body)?.refreshToken : undefined;
        },
      },
    ]);
  };

  const verifyBody = (body: string) => {
    const tokens = tokensOf(body);
    if (!tokens || seen.has(tokens.accessToken) || seen.has(tokens.refreshToken)) return false;
    seen.add(tokens.accessToken);
    seen.add(tokens.refreshToken);
    return true;
  };

  return { body: chain.body(NO_TOKEN_LEFT), setupClient, verifyBody, restarts: () => restarts };
}
