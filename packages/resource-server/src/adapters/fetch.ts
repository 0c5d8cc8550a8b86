import type { ResourceServer, VerifyOptions } from '../resource-server.ts';
import type { AccessToken, VerificationFailure } from '../types.ts';
import { failureParts } from './failure-response.ts';

export type FetchAuthResult =
  | { ok: true; token: AccessToken }
  | { ok: false; failure: VerificationFailure; response: Response };

/** The refusal as a Fetch-API Response, with its WWW-Authenticate challenge (RFC 6750 §3). */
export function failureResponse(failure: VerificationFailure): Response {
  const { status, headers, body } = failureParts(failure);
  return new Response(body ?? null, { status, headers });
}

/**
 * For Hono, workers and edge runtimes: verifies a Fetch-API `Request`; on refusal, the `Response` to return.
 */
export async function authenticateRequest(
  server: ResourceServer,
  request: Request,
  options: VerifyOptions = {},
): Promise<FetchAuthResult> {
  const result = await server.verify({ headers: request.headers }, options);
  if (result.ok) return result;
  return { ok: false, failure: result, response: failureResponse(result) };
}
