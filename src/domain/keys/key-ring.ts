import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { SigningKeyRepository, StoredSigningKey } from '../../ports/signing-key-repository.ts';
import type { Clock, Instant } from '../clock.ts';
import type { ConfigurationChanges } from '../configuration-changes.ts';
import type { SigningAlgorithm } from '../policy/settings.ts';
import { JwtSigner } from './jwt-signer.ts';
import { type GeneratedKey, generateSigningKey, importPrivateKey } from './key-material.ts';
import type { KeyProtection } from './key-protection.ts';

/** A key's state at one instant. */
export type SigningKeyStatus = 'next' | 'active' | 'retired' | 'expired' | 'revoked';

export interface SigningKeyView {
  kid: string;
  algorithm: SigningAlgorithm;
  status: SigningKeyStatus;
  createdAt: Instant;
  activatesAt: Instant;
  retiredAt: Instant | null;
  publishedUntil: Instant | null;
  revokedAt: Instant | null;
}

interface LoadedKey {
  stored: StoredSigningKey;
  signer: JwtSigner;
}

interface PublishedSet {
  kids: string;
  jwks: JSONWebKeySet;
  verify: JWTVerifyGetKey;
}

function statusAt(key: StoredSigningKey, now: Instant): SigningKeyStatus {
  if (key.revokedAt !== null) return 'revoked';
  if (now < key.activatesAt) return 'next';
  if (key.retiredAt === null || now < key.retiredAt) return 'active';
  return key.publishedUntil === null || now < key.publishedUntil ? 'retired' : 'expired';
}

const published = (key: StoredSigningKey, now: Instant): boolean => {
  const status = statusAt(key, now);
  return status === 'next' || status === 'active' || status === 'retired';
};

/**
 * The signing keys. Of each algorithm the newest key whose time has come signs; a key published ahead of its
 * activation (graceful rotation) is in the JWKS before it signs; a retired key stays published until what it
 * signed has expired; a revoked key is gone at once. Keys live in the store, so every instance signs alike.
 */
export class KeyRing {
  private loaded: LoadedKey[] = [];
  private allKeys: StoredSigningKey[] = [];
  private publishedSet: PublishedSet | undefined;
  private readonly creating = new Map<SigningAlgorithm, Promise<void>>();

  constructor(
    private readonly repository: SigningKeyRepository,
    private readonly clock: Clock,
    private readonly protection: KeyProtection,
    changes: ConfigurationChanges,
    private readonly generate: (algorithm: SigningAlgorithm) => Promise<GeneratedKey> = generateSigningKey,
  ) {
    changes.subscribe(() => this.load());
  }

  /** Loads the keys, creating a key for each of `required` that has none; encrypts plain keys when asked to. */
  async load(required: readonly SigningAlgorithm[] = []): Promise<void> {
    let stored = await this.repository.list();
    const missing = required.filter(
      (alg) => !stored.some((k) => k.algorithm === alg && k.revokedAt === null),
    );
    for (const algorithm of missing) await this.create(algorithm);
    if (this.protection.enabled) {
      for (const key of stored.filter((k) => !k.privateKey.startsWith('enc:'))) {
        await this.repository.replacePrivateKey(key.kid, this.protection.protect(key.privateKey));
      }
    }
    if (missing.length > 0) stored = await this.repository.list();
    this.loaded = stored
      .filter((key) => key.revokedAt === null)
      .map((key) => ({
        stored: key,
        signer: new JwtSigner(
          key.kid,
          key.algorithm,
          importPrivateKey(this.protection.reveal(key.privateKey)),
        ),
      }));
    this.allKeys = stored;
    this.publishedSet = undefined;
  }

  /**
   * The signer of an algorithm now. A key is created the first time an algorithm is needed (a policy may
   * choose any of the four), so a server signs with no more key types than its policies use.
   */
  async signer(algorithm: SigningAlgorithm): Promise<JwtSigner> {
    const current = this.current(algorithm);
    if (current) return current.signer;
    let creating = this.creating.get(algorithm);
    if (!creating) {
      creating = this.create(algorithm).then(() => this.load());
      this.creating.set(algorithm, creating);
      creating.finally(() => this.creating.delete(algorithm)).catch(() => undefined);
    }
    await creating;
    const created = this.current(algorithm);
    if (!created) throw new Error(`no active ${algorithm} signing key`);
    return created.signer;
  }

  /** The signing key of an algorithm now: the newest whose activation has come. */
  current(algorithm: SigningAlgorithm): LoadedKey | undefined {
    const now = this.clock.now();
    let best: LoadedKey | undefined;
    for (const key of this.loaded) {
      const { stored } = key;
      if (stored.algorithm !== algorithm || stored.activatesAt > now) continue;
      if (!best || stored.activatesAt > best.stored.activatesAt) best = key;
    }
    return best;
  }

  /**
   * Stores a new key for an algorithm, published from now and signing `aheadMs` later. Both instants are taken
   * once the key exists, so the time spent generating it never shortens the publish-ahead window.
   */
  async create(algorithm: SigningAlgorithm, aheadMs = 0): Promise<{ kid: string; activatesAt: Instant }> {
    const key = await this.generate(algorithm);
    const createdAt = this.clock.now();
    const activatesAt = createdAt + aheadMs;
    await this.repository.insert({
      kid: key.kid,
      algorithm,
      publicJwk: key.publicJwk,
      privateKey: this.protection.protect(key.privateKeyPem),
      createdAt,
      activatesAt,
      retiredAt: null,
      publishedUntil: null,
      revokedAt: null,
    });
    return { kid: key.kid, activatesAt };
  }

  /** Every key with its state now, oldest first. */
  list(): SigningKeyView[] {
    const now = this.clock.now();
    return this.allKeys.map((key) => ({
      kid: key.kid,
      algorithm: key.algorithm,
      status: statusAt(key, now),
      createdAt: key.createdAt,
      activatesAt: key.activatesAt,
      retiredAt: key.retiredAt,
      publishedUntil: key.publishedUntil,
      revokedAt: key.revokedAt,
    }));
  }

  jwks(): JSONWebKeySet {
    return this.published().jwks;
  }

  /** For jose's jwtVerify: the published keys, by `kid` and `alg`. */
  verificationKeys(): JWTVerifyGetKey {
    return this.published().verify;
  }

  private published(): PublishedSet {
    const now = this.clock.now();
    const keys = this.allKeys.filter((key) => published(key, now));
    const kids = keys.map((key) => key.kid).join(',');
    // the published set changes only when a key is added, revoked or expires: rebuilt then, not per token
    if (this.publishedSet?.kids !== kids) {
      const jwks = { keys: keys.map((key) => key.publicJwk) };
      this.publishedSet = { kids, jwks, verify: createLocalJWKSet(jwks) };
    }
    return this.publishedSet;
  }
}
