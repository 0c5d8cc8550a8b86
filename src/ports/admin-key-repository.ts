import type { Instant } from '../domain/clock.ts';

/** A management API key: only its SHA-256 is stored. */
export interface AdminKeyRecord {
  id: string;
  name: string;
  hash: string;
  createdAt: Instant;
}

export interface AdminKeyRepository {
  insert(record: AdminKeyRecord): Promise<void>;
  findByHash(hash: string): Promise<AdminKeyRecord | undefined>;
  list(): Promise<AdminKeyRecord[]>;
}
