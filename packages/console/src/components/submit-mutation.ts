import { ApiError } from '../api/problem.ts';

/** What a form needs of the mutation it submits: to start it, and its pending, error and success states. */
export interface SubmitMutation {
  mutate: () => void;
  isPending: boolean;
  isError: boolean;
  isSuccess: boolean;
  error: unknown;
}

/** The server's problems by field (RFC 9457 `errors`), to show under each field; none for other errors. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fieldMessages() : {};
}
