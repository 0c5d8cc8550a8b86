import type { RequestHeaders } from '../bearer-header.ts';
import type { ResourceServer, VerifyOptions } from '../resource-server.ts';
import type { AccessToken, VerificationFailure } from '../types.ts';
import { failureParts } from './failure-response.ts';

/** What the middleware needs of a Node or Express request; `auth` is set on success. */
export interface NodeStyleRequest {
  headers: RequestHeaders;
  auth?: AccessToken;
}

/** What the middleware needs of a Node `ServerResponse` or an Express response. */
export interface NodeStyleResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

export type NextFunction = (error?: unknown) => void;

export type NodeStyleMiddleware = (req: NodeStyleRequest, res: NodeStyleResponse, next: NextFunction) => void;

function send(res: NodeStyleResponse, failure: VerificationFailure): void {
  const { status, headers, body } = failureParts(failure);
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(body);
}

/**
 * Express-style middleware (`(req, res, next)`): verifies the bearer token and sets `req.auth`, or answers the
 * refusal itself. An unexpected error goes to `next(error)`, as Express expects.
 */
export function bearerAuth(server: ResourceServer, options: VerifyOptions = {}): NodeStyleMiddleware {
  return (req, res, next) => {
    server.verify({ headers: req.headers }, options).then((result) => {
      if (!result.ok) return send(res, result);
      req.auth = result.token;
      next();
    }, next);
  };
}

/** Per-route scope check, after `bearerAuth`: 403 insufficient_scope (RFC 6750 §3.1) when a scope is missing. */
export function requireScopesMiddleware(
  server: ResourceServer,
  scopes: readonly string[],
): NodeStyleMiddleware {
  return (req, res, next) => {
    if (!req.auth) return next(new Error('requireScopesMiddleware runs after bearerAuth'));
    const failure = server.requireScopes(req.auth, scopes);
    if (failure) return send(res, failure);
    next();
  };
}
