import type { FastifyInstance } from 'fastify';
import { FormBody } from './form.ts';

/** The deepest a request's JSON may nest: far beyond any profile or policy, far below a stack overflow. */
export const MAX_JSON_DEPTH = 32;

type Finding = { path: string; message: string };

/**
 * The first value of a request part that no route may take: a number that is not finite, or a container nested
 * deeper than MAX_JSON_DEPTH. Iterative, so that a deep document cannot overflow the stack while it is searched.
 */
function refusedValue(value: unknown): Finding | undefined {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value === 'number' && !Number.isFinite(next.value)) {
      return { path: next.path, message: 'must be a finite number' };
    }
    // a parsed form body holds strings only
    if (typeof next.value !== 'object' || next.value === null || next.value instanceof FormBody) continue;
    if (next.depth > MAX_JSON_DEPTH) {
      return { path: next.path, message: `is nested too deeply (at most ${MAX_JSON_DEPTH} levels)` };
    }
    for (const [key, item] of Object.entries(next.value)) {
      pending.push({
        value: item,
        path: next.path === '' ? key : `${next.path}/${key}`,
        depth: next.depth + 1,
      });
    }
  }
  return undefined;
}

/**
 * What the JSON faces (management, customer and first-party APIs) refuse after their schemas, as a validation
 * error in the face's own format:
 * - numbers that are not finite: Ajv coerces the query strings "Infinity" and "9e999" to numbers and skips
 *   `minimum`/`maximum` for them, and JSON.parse reads 9e999 as Infinity; they reached SQL as 500s;
 * - documents nested deeper than MAX_JSON_DEPTH in free-form fields (a tenant's profile, a customer's fields),
 *   which overflowed the stack when the answer was serialised (500), after they had been stored.
 * The OAuth endpoints take forms of strings and parse their own numbers: they stay free of this hook.
 */
export function checkJsonInput(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const parts = [
      ['querystring', request.query],
      ['params', request.params],
      ['body', request.body],
    ] as const;
    for (const [context, data] of parts) {
      const refused = refusedValue(data);
      if (refused === undefined) continue;
      throw Object.assign(new Error(`${refused.path} ${refused.message}`), {
        statusCode: 400,
        validationContext: context,
        validation: [
          {
            keyword: 'json',
            instancePath: `/${refused.path}`,
            schemaPath: '',
            params: {},
            message: refused.message,
          },
        ],
      });
    }
  });
}
