export {
  bearerAuth,
  type NextFunction,
  type NodeStyleMiddleware,
  type NodeStyleRequest,
  type NodeStyleResponse,
  requireScopesMiddleware,
} from './adapters/express.ts';
export {
  accessTokenOf,
  type FastifyResourceServerOptions,
  fastifyRequireScopes,
  fastifyResourceServer,
} from './adapters/fastify.ts';
export { authenticateRequest, type FetchAuthResult, failureResponse } from './adapters/fetch.ts';
export type { RequestHeaders } from './bearer-header.ts';
export { requireScopes, wwwAuthenticate } from './challenge.ts';
export {
  createResourceServer,
  type ResourceServer,
  type VerifiableRequest,
  type VerifyOptions,
} from './resource-server.ts';
export type { RevocationFeedStatus } from './revocation-feed.ts';
export { DEFAULT_ALGORITHMS, type ResourceServerOptions } from './settings.ts';
export type {
  AccessToken,
  BearerErrorCode,
  Fetch,
  Now,
  TokenCheck,
  VerificationFailure,
  VerificationSuccess,
  VerifyResult,
} from './types.ts';
