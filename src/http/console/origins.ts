import type { LifespanConfig } from '../../config/load.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Where browsers reach the console: below the issuer, and, when the issuer is a loopback address, at both
 * loopback names on the listening port (a new user opens http://127.0.0.1:8080/console/ whatever the issuer
 * says). The console's client lists a redirect URI for each (RFC 6749 §3.1.2.3: exact match).
 */
export function consoleOrigins(config: Pick<LifespanConfig, 'issuer' | 'port'>): string[] {
  const base = config.issuer.replace(/\/+$/, '');
  if (!LOOPBACK.has(new URL(base).hostname)) return [base];
  return [...new Set([base, `http://127.0.0.1:${config.port}`, `http://localhost:${config.port}`])];
}

/** The address a start-up hint points a person at. */
export const consoleUrl = (config: Pick<LifespanConfig, 'issuer'>): string =>
  `${config.issuer.replace(/\/+$/, '')}/console/`;
