import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tokenDigest, webDigest } from '../src/token-digest.ts';

describe('the introspection cache key', () => {
  it('is the base64url SHA-256 of the token, the same from node:crypto and from Web Crypto', async () => {
    for (const token of ['', 'abc', 'opaque.token-value_1', 'ünïcødé 🔑', 'x'.repeat(5000)]) {
      const expected = createHash('sha256').update(token).digest('base64url');
      expect(tokenDigest(token)).toBe(expected); // synchronous on Node
      expect(await webDigest(token)).toBe(expected);
    }
  });
});
