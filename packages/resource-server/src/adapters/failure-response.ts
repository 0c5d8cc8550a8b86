import type { VerificationFailure } from '../types.ts';

export interface FailureParts {
  status: number;
  headers: Record<string, string>;
  /** RFC 6750 §3 puts the error in the header; the JSON body repeats it for clients that read bodies. */
  body: string | undefined;
}

/** The status, headers and body every adapter sends for a refusal. */
export function failureParts(failure: VerificationFailure): FailureParts {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (failure.wwwAuthenticate !== undefined) headers['www-authenticate'] = failure.wwwAuthenticate;
  if (failure.error === undefined) return { status: failure.status, headers, body: undefined };
  headers['content-type'] = 'application/json';
  const body = JSON.stringify({ error: failure.error, error_description: failure.description });
  return { status: failure.status, headers, body };
}
