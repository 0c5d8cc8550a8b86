import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';
const INFO = 'lifespan signing-key encryption';

/** Thrown when stored keys cannot be read with the configured key-encryption key (or without one). */
export class KeyProtectionError extends Error {
  override readonly name = 'KeyProtectionError';
}

export const isProtected = (stored: string): boolean => stored.startsWith(PREFIX);

/**
 * Private signing keys at rest: AES-256-GCM under a key derived (HKDF-SHA256, a random salt per key) from
 * LIFESPAN_KEY_ENCRYPTION_KEY. Without that variable keys are stored as PEM, as the README says.
 */
export class KeyProtection {
  constructor(private readonly encryptionKey: string | undefined) {}

  get enabled(): boolean {
    return this.encryptionKey !== undefined;
  }

  protect(pem: string): string {
    if (this.encryptionKey === undefined) return pem;
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.derive(salt), iv);
    const sealed = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()]);
    return (
      PREFIX + [salt, iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.')
    );
  }

  reveal(stored: string): string {
    if (!isProtected(stored)) return stored;
    if (this.encryptionKey === undefined) {
      throw new KeyProtectionError('the signing keys are encrypted: set LIFESPAN_KEY_ENCRYPTION_KEY');
    }
    const [salt, iv, tag, sealed] = stored
      .slice(PREFIX.length)
      .split('.')
      .map((part) => Buffer.from(part, 'base64url'));
    if (!salt || !iv || !tag || !sealed) throw new KeyProtectionError('a stored signing key is damaged');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.derive(salt), iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
    } catch {
      throw new KeyProtectionError('LIFESPAN_KEY_ENCRYPTION_KEY does not decrypt the stored signing keys');
    }
  }

  private derive(salt: Buffer): Buffer {
    return Buffer.from(hkdfSync('sha256', this.encryptionKey ?? '', salt, INFO, 32));
  }
}
