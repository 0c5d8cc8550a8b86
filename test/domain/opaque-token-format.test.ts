import { describe, expect, it } from 'vitest';
import {
  newOpaqueToken,
  OPAQUE_ID_LENGTH,
  splitOpaqueToken,
} from '../../src/domain/tokens/opaque-token-format.ts';

describe('opaque token format', () => {
  it('is a 23-character ascending id and a 43-character base64url secret', () => {
    const { id, secret, token } = newOpaqueToken(Date.UTC(2026, 10, 22));
    expect(id).toMatch(/^[0-9a-z]{23}$/);
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(token).toBe(id + secret);
    expect(OPAQUE_ID_LENGTH).toBe(23);
    // the first seven characters are the issue second in base 36
    expect(Number.parseInt(id.slice(0, 7), 36)).toBe(Date.UTC(2026, 10, 22) / 1000);
  });

  it('ids of one process ascend, also when the clock stands still or goes to the next second', () => {
    const at = Date.UTC(2026, 10, 22);
    const ids = [at, at, at, at + 999, at + 1000, at + 1000].map((now) => newOpaqueToken(now).id);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('splits a token into its id and secret; anything else is not a token', () => {
    const { id, secret, token } = newOpaqueToken(Date.UTC(2026, 10, 22));
    expect(splitOpaqueToken(token)).toEqual({ id, secret });
    for (const other of [
      token.slice(1),
      `${token}x`,
      `${id.toUpperCase()}${secret}`,
      `${id}${secret.slice(1)}.`,
      '',
    ])
      expect(splitOpaqueToken(other)).toBeUndefined();
  });
});
