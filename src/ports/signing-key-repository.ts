import type { JWK } from 'jose';
import type { Instant } from '../domain/clock.ts';
import type { SigningAlgorithm } from '../domain/policy/settings.ts';

export interface StoredSigningKey {
  kid: string;
  algorithm: SigningAlgorithm;
  publicJwk: JWK;
  /** PKCS#8 PEM, encrypted when a key-encryption key is configured. */
  privateKey: string;
  createdAt: Instant;
  /** The key signs from this instant (a graceful rotation publishes it before). */
  activatesAt: Instant;
  /** When a successor took over signing; null while the key is its algorithm's newest. */
  retiredAt: Instant | null;
  /** A retired key stays published, to verify what it signed, until then; null: no end set. */
  publishedUntil: Instant | null;
  /** A revoked key is withdrawn at once: nothing it signed verifies any more. */
  revokedAt: Instant | null;
}

export interface SigningKeyRepository {
  list(): Promise<StoredSigningKey[]>;
  insert(key: StoredSigningKey): Promise<void>;
  /** Records that a successor takes over at `retiredAt`; the key stays published until `publishedUntil`. */
  supersede(kid: string, retiredAt: Instant, publishedUntil: Instant | null): Promise<void>;
  revoke(kid: string, at: Instant): Promise<void>;
  replacePrivateKey(kid: string, privateKey: string): Promise<void>;
}
