import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { SigningAlgorithm } from '../policy/settings.ts';

export interface GeneratedKey {
  kid: string;
  algorithm: SigningAlgorithm;
  publicJwk: JWK;
  privateKeyPem: string;
}

function generatePair(algorithm: SigningAlgorithm): { publicKey: KeyObject; privateKey: KeyObject } {
  switch (algorithm) {
    case 'RS256':
    case 'PS256':
      return generateKeyPairSync('rsa', { modulusLength: 2048 });
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'EdDSA':
      return generateKeyPairSync('ed25519');
  }
}

/** A new key pair for one algorithm; `kid` is the RFC 7638 thumbprint of the public key. */
export async function generateSigningKey(algorithm: SigningAlgorithm): Promise<GeneratedKey> {
  const { publicKey, privateKey } = generatePair(algorithm);
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  return {
    kid,
    algorithm,
    publicJwk: { ...jwk, kid, alg: algorithm, use: 'sig' },
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

export const importPrivateKey = (pem: string): KeyObject => createPrivateKey(pem);
export const importPublicJwk = (jwk: JWK): KeyObject => createPublicKey({ key: jwk as never, format: 'jwk' });
