import { hash, randomFillSync, timingSafeEqual } from 'node:crypto';

/**
 * Random bytes drawn from the CSPRNG in 4 KiB blocks. Each crypto.randomBytes call costs about 2 µs of fixed
 * overhead, two calls per token; taking slices of a block costs a fraction of that. The bytes are the same
 * CSPRNG output and no slice is handed out twice. Measured by `npm run bench` (client credentials).
 */
class RandomPool {
  private block = Buffer.alloc(4096);
  private offset = this.block.length;

  take(size: number): Buffer {
    if (this.offset + size > this.block.length) {
      // a fresh block each time: a slice handed out earlier must never change under its holder
      this.block = randomFillSync(Buffer.allocUnsafe(this.block.length));
      this.offset = 0;
    }
    const slice = this.block.subarray(this.offset, this.offset + size);
    this.offset += size;
    return slice;
  }
}

const pool = new RandomPool();

/** A 256-bit random value, base64url (43 characters): opaque tokens, client secrets, admin keys. */
export const randomSecret = (): string => pool.take(32).toString('base64url');

/** A 128-bit random identifier (jti). */
export const randomId = (): string => pool.take(16).toString('base64url');

/**
 * SHA-256, base64url: how every high-entropy secret is stored. The one-shot `crypto.hash` costs ~0.2 µs against
 * ~0.5 µs for createHash().update().digest(); two run on every token request (client secret, opaque token).
 */
export const digest = (secret: string): string => hash('sha256', secret, 'base64url');

/** Compares a presented secret with a stored digest in constant time (both base64url, 43 characters). */
export function matchesDigest(secret: string, storedDigest: string): boolean {
  const presented = Buffer.from(digest(secret));
  const stored = Buffer.from(storedDigest);
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
