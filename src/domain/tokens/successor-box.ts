import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const INFO = 'lifespan refresh-token successor';

function keyFor(presentedToken: string, grantId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', presentedToken, grantId, INFO, 32));
}

/**
 * The reuse interval must hand a retried refresh the *same* successor pair, yet tokens are never stored in
 * clear. The pair is sealed (AES-256-GCM) under a key derived from the old refresh token, which only its holder
 * has: the store keeps ciphertext it cannot open by itself.
 */
export function sealSuccessor(value: object, presentedToken: string, grantId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(presentedToken, grantId), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.');
}

/** The sealed value, or undefined when the box was not sealed for this token. */
export function openSuccessor<T>(box: string, presentedToken: string, grantId: string): T | undefined {
  const [iv, tag, sealed] = box.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !sealed) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(presentedToken, grantId), iv);
    decipher.setAuthTag(tag);
    return JSON.parse(Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
