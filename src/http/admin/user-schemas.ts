import Type from 'typebox';
import { ProblemSchema } from './schemas.ts';

/** The refusals of a route about one user: no credentials, outside the administrator's tenants, no such user. */
export const userErrors = { 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

/** An RFC 3339 instant, or null where there is none. */
export const OptionalInstant = (description: string) =>
  Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description });
