import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

export type RawAlgorithm = 'RS256' | 'ES256';

/** A payload shaped like Lifespan's RFC 9068 access token. */
function tokenPayload(): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: 'http://localhost:8080',
    sub: 'bench-client',
    aud: 'http://localhost:8080',
    exp: now + 3600,
    iat: now,
    jti: randomBytes(16).toString('base64url'),
    client_id: 'bench-client',
    scope: 'read',
    tid: 'bench',
    policy_version: 1,
  };
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');

function buildJwt(algorithm: RawAlgorithm, key: KeyObject): string {
  const header = base64url(JSON.stringify({ alg: algorithm, typ: 'at+jwt', kid: 'bench' }));
  const payload = base64url(JSON.stringify(tokenPayload()));
  const input = `${header}.${payload}`;
  const signature =
    algorithm === 'RS256'
      ? sign('sha256', Buffer.from(input), key)
      : sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/**
 * Whole JWTs (JSON + base64url + synchronous node:crypto signature) per second on the current core, counted
 * for `seconds` after a short warm-up.
 */
export function signingRate(algorithm: RawAlgorithm, seconds: number): number {
  const { privateKey } =
    algorithm === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) buildJwt(algorithm, privateKey);
  const start = performance.now();
  const end = start + seconds * 1000;
  let count = 0;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 20; i++) buildJwt(algorithm, privateKey);
    count += 20;
    now = performance.now();
  }
  return count / ((now - start) / 1000);
}
