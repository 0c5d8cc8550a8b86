interface NodeHash {
  update(data: string): NodeHash;
  digest(encoding: 'base64url'): string;
}

/** node:crypto where the runtime offers it synchronously (Node ≥ 20.16 and 22.3: process.getBuiltinModule). */
const nodeCrypto = (() => {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const module = runtime?.getBuiltinModule?.('node:crypto') as
    | { createHash?: (algorithm: string) => NodeHash }
    | undefined;
  return typeof module?.createHash === 'function' ? module.createHash : undefined;
})();

/**
 * base64url of the token's SHA-256: the introspection cache's key, so that the cache holds no usable token.
 * On Node the hash is computed synchronously by node:crypto — a Web Crypto digest costs a promise and a copy,
 * and took most of a cached verification's time (measured by `npm run bench:middleware`); elsewhere (edge
 * runtimes, browsers) Web Crypto.
 */
export function tokenDigest(token: string): string | Promise<string> {
  if (nodeCrypto) return nodeCrypto('sha256').update(token).digest('base64url');
  return webDigest(token);
}

export async function webDigest(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
