import { ApiError } from '../../api/problem.ts';
import { CONTEXT_FIELDS, type PolicyContext } from './context-params.ts';

/** The server's field problems about the context, by context field (`prefix`: "context." in a body). */
export function contextFieldErrors(
  error: unknown,
  prefix: string,
): Partial<Record<keyof PolicyContext, string>> {
  if (!(error instanceof ApiError)) return {};
  const messages = error.fieldMessages();
  const errors: Partial<Record<keyof PolicyContext, string>> = {};
  for (const field of CONTEXT_FIELDS) {
    const message = messages[`${prefix}${field}`];
    if (message !== undefined) errors[field] = message;
  }
  return errors;
}
