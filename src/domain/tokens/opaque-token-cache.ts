import type { OpaqueAccessTokenRecord } from '../../ports/access-token-repository.ts';
import type { Instant } from '../clock.ts';

interface Entry {
  record: OpaqueAccessTokenRecord;
  until: Instant;
}

/**
 * Opaque token records by id, kept for the policy's `introspectionCacheTtl`. Only the record is cached:
 * expiry, revocation of this process and every not-before are still checked on each introspection, and a
 * revocation here deletes the entry, so a revoked token is never served as active.
 */
export class OpaqueTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 100_000) {}

  get(id: string, now: Instant): OpaqueAccessTokenRecord | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.until > now) return entry.record;
    this.entries.delete(id);
    return undefined;
  }

  set(record: OpaqueAccessTokenRecord, until: Instant): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(record.id, { record, until });
  }

  delete(id: string): void {
    this.entries.delete(id);
  }
}
