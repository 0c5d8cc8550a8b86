/**
 * The console's tokens, in memory only: never in localStorage or sessionStorage, where any script of the
 * origin could read them. A reload forgets them; the sign-in then resumes the browser's login session.
 */
export interface ConsoleTokens {
  accessToken: string;
  refreshToken: string | undefined;
  idToken: string | undefined;
  /** Epoch ms at which the access token expires, by this browser's clock corrected for the server's. */
  expiresAt: number;
}

let current: ConsoleTokens | undefined;
const listeners = new Set<() => void>();

export const tokens = (): ConsoleTokens | undefined => current;

export function setTokens(next: ConsoleTokens | undefined): void {
  current = next;
  for (const listener of listeners) listener();
}

export function onTokensChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
