import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ManagementError,
  OAuthError,
  PreconditionFailed,
  type ProblemKind,
  ValidationFailed,
} from '../domain/errors.ts';
import { RateLimited } from '../domain/rate-limits.ts';
import { sendOAuthError } from './oauth-error.ts';
import type { HttpMetrics } from './ops/metrics.ts';
import { sendProblem } from './problem.ts';

const PROBLEM_STATUS: Record<ProblemKind, number> = {
  validation: 400,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 412,
  unauthorized: 401,
  forbidden: 403,
};

/** The faces whose errors are OAuth JSON (RFC 6749 §5.2); everything else answers problem+json. */
const OAUTH_PREFIXES = ['/oauth2/', '/api/v1/auth/'];
export const isOAuthPath = (url: string): boolean => OAUTH_PREFIXES.some((prefix) => url.startsWith(prefix));

/** Fastify's own errors (body parsing, validation, limits, bad URLs) carry a status code below 500. */
function frameworkStatus(error: FastifyError): number | undefined {
  const status = error.statusCode;
  return status !== undefined && status >= 400 && status < 500 ? status : undefined;
}

/** Route schemas report "/policy/accessTokenTtl"; problems name fields "policy.accessTokenTtl". */
function validationProblems(error: FastifyError): { field: string; message: string }[] {
  return (error.validation ?? []).map((issue) => {
    const params = issue.params as { missingProperty?: unknown; additionalProperty?: unknown };
    const path = issue.instancePath.slice(1).replaceAll('/', '.');
    const within = (name: string) => (path ? `${path}.${name}` : name);
    if (typeof params.missingProperty === 'string')
      return { field: within(params.missingProperty), message: 'is required' };
    if (typeof params.additionalProperty === 'string') {
      return { field: within(params.additionalProperty), message: 'is not a known field' };
    }
    return { field: path || error.validationContext || '', message: issue.message ?? 'is not valid' };
  });
}

/**
 * One error serializer for the whole server: OAuth faces answer RFC 6749 §5.2 JSON, everything else RFC 9457
 * problem+json. Anything unexpected is a generic 500 with the request id; the detail goes to the log only.
 */
export function answerError(metrics: HttpMetrics) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const oauth = isOAuthPath(request.url);
    if (error instanceof RateLimited) reply.header('retry-after', String(error.retryAfterSeconds));
    if (error instanceof OAuthError) {
      metrics.oauthError(error.code);
      return sendOAuthError(reply, error.code, error.description);
    }
    if (error instanceof ManagementError && oauth) {
      // an OAuth face answers in OAuth terms: a refused value is a malformed request (RFC 6749 §5.2)
      metrics.oauthError('invalid_request');
      return sendOAuthError(reply, 'invalid_request', describeManagementError(error));
    }
    if (error instanceof ManagementError) {
      if (error.kind === 'unauthorized') reply.header('www-authenticate', 'Bearer realm="lifespan-admin"');
      const problems = error instanceof ValidationFailed ? error.problems : undefined;
      return sendProblem(
        reply,
        PROBLEM_STATUS[error.kind],
        error.kind,
        error.message,
        problems,
        extensionsOf(error),
      );
    }
    const status = frameworkStatus(error);
    if (status !== undefined) {
      const detail = error.validation ? 'the request does not match the schema' : error.message;
      if (oauth) {
        metrics.oauthError('invalid_request');
        // a wrong media type or a malformed body is a malformed OAuth request (RFC 6749 §5.2)
        return sendOAuthError(reply, 'invalid_request', detail, status === 413 ? 413 : 400);
      }
      const problems = error.validation ? validationProblems(error) : undefined;
      // an over-long path parameter is an invalid value like any other
      const answered = status === 414 ? 400 : status;
      return sendProblem(reply, answered, error.validation ? 'validation' : 'bad-request', detail, problems);
    }
    request.log.error({ err: error }, 'unexpected error');
    const detail = `an unexpected error occurred; request id ${request.id}`;
    if (oauth) {
      metrics.oauthError('server_error');
      return sendOAuthError(reply, 'server_error', detail);
    }
    return sendProblem(reply, 500, 'internal', detail);
  };
}

/** A refused precondition names what the level holds now, so a client can show the difference. */
function extensionsOf(error: ManagementError): Record<string, unknown> {
  if (!(error instanceof PreconditionFailed) || error.current === undefined) return {};
  const { policy, tag, version } = error.current;
  return { current: { policy, etag: tag, version } };
}

/** "the password is not acceptable: password: use 8 to 1024 characters" */
function describeManagementError(error: ManagementError): string {
  if (!(error instanceof ValidationFailed) || error.problems.length === 0) return error.message;
  return `${error.message}: ${error.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`;
}

export function installErrorHandler(app: FastifyInstance, metrics: HttpMetrics): void {
  app.setErrorHandler(answerError(metrics));
  app.setNotFoundHandler((request, reply) => {
    if (isOAuthPath(request.url)) return sendOAuthError(reply, 'invalid_request', 'no such endpoint', 404);
    return sendProblem(
      reply,
      404,
      'not-found',
      `no route for ${request.method} ${request.url.split('?')[0]}`,
    );
  });
}
