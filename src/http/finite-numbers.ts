import type { FastifyInstance } from 'fastify';
import { FormBody } from './form.ts';

/** How deep a request's JSON is searched; deeper documents are refused by their routes' own schemas. */
const MAX_DEPTH = 64;

/** The path of the first number in `value` that is not finite ("policy/accessTokenTtl"), or undefined. */
function nonFinitePath(value: unknown): string | undefined {
  // iterative, so that a deeply nested document cannot overflow the stack
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value === 'number' && !Number.isFinite(next.value)) return next.path;
    if (typeof next.value !== 'object' || next.value === null || next.depth >= MAX_DEPTH) continue;
    // a parsed form body holds strings only
    if (next.value instanceof FormBody) continue;
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
 * Every number a route receives must be finite. Ajv, which validates the routes' schemas, coerces the query
 * strings "Infinity" and "9e999" to numbers and skips `minimum`/`maximum` for numbers that are not finite, and
 * JSON.parse reads 9e999 as Infinity: such values passed validation and reached SQL (500). This hook runs after
 * validation on the JSON faces' routes (management, customer and first-party APIs; the OAuth endpoints take
 * forms of strings and stay free of it) and refuses them as a validation error in the face's own format.
 */
export function refuseNonFiniteNumbers(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const parts = [
      ['querystring', request.query],
      ['params', request.params],
      ['body', request.body],
    ] as const;
    for (const [context, data] of parts) {
      const path = nonFinitePath(data);
      if (path === undefined) continue;
      throw Object.assign(new Error(`${path} must be a finite number`), {
        statusCode: 400,
        validationContext: context,
        validation: [
          {
            keyword: 'finite',
            instancePath: `/${path}`,
            schemaPath: '',
            params: {},
            message: 'must be a finite number',
          },
        ],
      });
    }
  });
}
