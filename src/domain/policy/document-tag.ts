import { createHash } from 'node:crypto';
import type { PolicyDocument } from './document.ts';

/**
 * RFC 9110 §8.8.3: a strong entity tag of a level's stored document — the first 22 characters (132 bits) of the
 * base64url SHA-256 of its stored text, quoted. The stored text is `JSON.stringify` of the document, so every
 * face that holds the document computes the same tag.
 */
export function documentTag(document: PolicyDocument): string {
  const hash = createHash('sha256').update(JSON.stringify(document)).digest('base64url');
  return `"${hash.slice(0, 22)}"`;
}

/**
 * RFC 9110 §13.1.1 If-Match: whichever document exists (`*`), or one whose tag is among `tags` (opaque tags with
 * their quotes; weak tags are left out by whoever parses the header, as strong comparison never matches them).
 */
export type DocumentPrecondition = { kind: 'any' } | { kind: 'tags'; tags: readonly string[] };

/** RFC 9110 §8.8.3.2 strong comparison: the tags are identical character for character. */
export function satisfies(precondition: DocumentPrecondition, document: PolicyDocument): boolean {
  if (precondition.kind === 'any') return true;
  const tag = documentTag(document);
  return precondition.tags.includes(tag);
}

/** What a level holds now, for a client whose precondition failed: the document, its tag, its last version. */
export interface CurrentPolicy {
  policy: PolicyDocument;
  tag: string;
  /** The latest version in the level's history; null when the level has none. */
  version: number | null;
}
