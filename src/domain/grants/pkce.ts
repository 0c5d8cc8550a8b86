import { digest } from '../tokens/secrets.ts';

// RFC 7636 §4.1: code_verifier = 43*128unreserved
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
// §4.2: a S256 challenge is the base64url SHA-256 of a verifier: 43 characters
const CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

export const isCodeChallenge = (value: string): boolean => CHALLENGE.test(value);

/** RFC 7636 §4.6: BASE64URL(SHA256(code_verifier)) == code_challenge. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!VERIFIER.test(verifier)) return false;
  return digest(verifier) === challenge;
}
