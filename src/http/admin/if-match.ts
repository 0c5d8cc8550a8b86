import { ValidationFailed } from '../../domain/errors.ts';
import type { DocumentPrecondition } from '../../domain/policy/document-tag.ts';

// RFC 9110 §8.8.3: entity-tag = [ weak ] opaque-tag; weak = "W/"; opaque-tag = DQUOTE *etagc DQUOTE
const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7E\x80-\xFF]*"/;
// RFC 9110 §5.6.1: list elements are separated by commas and optional whitespace; empty elements are ignored
const SEPARATORS = /^[\t ,]*/;

/**
 * RFC 9110 §13.1.1: If-Match = "*" / #entity-tag. Weak tags are dropped, as strong comparison (§8.8.3.2) never
 * matches them: a list of weak tags only matches nothing. No header: no precondition.
 */
export function parseIfMatch(header: string | undefined): DocumentPrecondition | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return { kind: 'any' };
  const tags: string[] = [];
  let rest = header.replace(SEPARATORS, '');
  while (rest !== '') {
    const tag = ENTITY_TAG.exec(rest);
    const after = tag && rest.slice(tag[0].length).replace(/^[\t ]*/, '');
    if (!tag || after === null || (after !== '' && !after.startsWith(','))) throw malformed();
    if (tag[1] === undefined) tags.push(tag[0]);
    rest = after.replace(SEPARATORS, '');
  }
  return { kind: 'tags', tags };
}

const malformed = (): ValidationFailed =>
  new ValidationFailed('the If-Match header is not valid', [
    { field: 'If-Match', message: 'expected * or a comma-separated list of entity tags such as "xyz"' },
  ]);
