import { hash, verify } from '@node-rs/argon2';
import { ValidationFailed } from '../errors.ts';

// argon2id with the library's defaults (m = 19 MiB, t = 2, p = 1), OWASP's recommended minimum
const ALGORITHM_ARGON2ID = 2;

export const hashPassword = (password: string): Promise<string> =>
  hash(password, { algorithm: ALGORITHM_ARGON2ID });

/** False for a wrong password and for a malformed hash alike. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

const MIN_LENGTH = 8;
// argon2 hashes any length; the bound keeps one request from costing more than a normal login
const MAX_LENGTH = 1024;

export function checkPasswordRules(password: string, field = 'password'): void {
  if (password.length < MIN_LENGTH || password.length > MAX_LENGTH) {
    throw new ValidationFailed('the password is not acceptable', [
      { field, message: `use ${MIN_LENGTH} to ${MAX_LENGTH} characters` },
    ]);
  }
}

/**
 * Checks a password against the user's hash, or against a fixed hash when there is no such user, so that a
 * wrong password and an unknown user take about the same time.
 */
export class PasswordChecker {
  private decoy: Promise<string> | undefined;

  async matches(passwordHash: string | null | undefined, password: string): Promise<boolean> {
    if (passwordHash) return verifyPassword(passwordHash, password);
    this.decoy ??= hashPassword('decoy password for unknown users');
    await verifyPassword(await this.decoy, password);
    return false;
  }
}
