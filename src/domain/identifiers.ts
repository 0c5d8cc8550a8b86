import { randomUUID } from 'node:crypto';
import { ValidationFailed } from './errors.ts';

// ids appear in URLs and tokens: unreserved characters only (RFC 3986 §2.3)
const ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/;

/** The id an operator chose, checked, or a new random one. */
export function chosenOrNewId(id: string | undefined, field = 'id'): string {
  if (id === undefined) return randomUUID();
  if (!ID.test(id)) {
    throw new ValidationFailed('the id is not valid', [
      {
        field,
        message: 'use 1 to 128 letters, digits, ".", "_", "~" or "-", starting with a letter or digit',
      },
    ]);
  }
  return id;
}
