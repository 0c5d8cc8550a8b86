/** RFC 9457 problem details, as the management API answers every error. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

/** A refused request, with the server's problem (or a made-up one when the answer was not a problem). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }

  /** The field problems, by field name ("policy.accessTokenTtl" → "…"). */
  fieldMessages(): Record<string, string> {
    return Object.fromEntries((this.problem.errors ?? []).map((e) => [e.field, e.message]));
  }
}

const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' && value !== null && 'status' in value && 'detail' in value;

export function problemOf(status: number, body: unknown): Problem {
  if (isProblem(body)) return body;
  return { type: 'about:blank', title: 'Error', status, detail: `the server answered ${status}` };
}
