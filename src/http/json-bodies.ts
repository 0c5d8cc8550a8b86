import type { FastifyInstance } from 'fastify';

/**
 * Many HTTP clients send `content-type: application/json` on every request, also on actions that take no body
 * (`POST …/expire-tokens`, a key rotation with its defaults). An empty body is read as no body, so such a request
 * works as it does without the header; a route whose schema needs a body still refuses it by that schema. Any
 * other body goes to Fastify's own JSON parser (prototype-poisoning protection included).
 */
export function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
