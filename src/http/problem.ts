import type { FastifyReply } from 'fastify';
import type { FieldProblem } from '../domain/errors.ts';

/** RFC 9457 problem details, the management API's error body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldProblem[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
};

export function sendProblem(
  reply: FastifyReply,
  status: number,
  kind: string,
  detail: string,
  errors?: FieldProblem[],
  extensions: Record<string, unknown> = {},
): FastifyReply {
  // RFC 9457 §3.2: extension members beside the standard ones
  const problem: Problem & Record<string, unknown> = {
    type: `urn:lifespan:problem:${kind}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(errors && { errors }),
    ...extensions,
  };
  return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(problem);
}
