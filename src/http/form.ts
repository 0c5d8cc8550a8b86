import type { FastifyInstance } from 'fastify';
import { InvalidRequest } from '../domain/errors.ts';

// application/x-www-form-urlencoded: "+" is a space, then percent-decoding (UTF-8); most names and values have
// neither, and are taken as they are
const decode = (text: string): string =>
  text.includes('%') || text.includes('+') ? decodeURIComponent(text.replaceAll('+', ' ')) : text;

/**
 * A parsed application/x-www-form-urlencoded body; the names given more than once are remembered. Unlike
 * URLSearchParams, a broken percent-escape is an error (RFC 6749 §5.2: a malformed request), not literal text.
 */
export class FormBody {
  private readonly values = new Map<string, string>();
  readonly repeated: string[] = [];

  constructor(text: string) {
    for (const pair of text.split('&')) {
      if (pair === '') continue;
      const separator = pair.indexOf('=');
      const name = decode(separator < 0 ? pair : pair.slice(0, separator));
      const value = separator < 0 ? '' : decode(pair.slice(separator + 1));
      if (this.values.has(name)) this.repeated.push(name);
      else this.values.set(name, value);
    }
  }

  get(name: string): string | undefined {
    const value = this.values.get(name);
    // RFC 6749 §3.1: parameters sent without a value are treated as omitted
    return value === '' ? undefined : value;
  }
}

const FORM_LIMIT_BYTES = 16 * 1024;

/** Parses form bodies into FormBody, for the routes of the plugin it is installed in. */
export function installFormParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES },
    (_request, body, done) => {
      try {
        done(null, new FormBody(body as string));
      } catch {
        done(new InvalidRequest('the body is not valid application/x-www-form-urlencoded'), undefined);
      }
    },
  );
}
