/**
 * Seconds of freshness the response allows (RFC 9111 §5.2.2): `no-store` and `no-cache` give 0, `max-age`
 * its value; undefined when the response says nothing.
 */
export function maxAgeOf(cacheControl: string | null): number | undefined {
  if (cacheControl === null) return undefined;
  let maxAge: number | undefined;
  for (const part of cacheControl.split(',')) {
    const directive = part.trim().toLowerCase();
    if (directive === 'no-store' || directive === 'no-cache') return 0;
    const match = /^max-age="?(\d+)"?$/.exec(directive);
    if (match?.[1] !== undefined) maxAge = Number(match[1]);
  }
  return maxAge;
}
