import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { AdminKeyRecord, AdminKeyRepository } from '../../ports/admin-key-repository.ts';
import type { Clock } from '../clock.ts';
import { Unauthorized, ValidationFailed } from '../errors.ts';
import { digest, randomSecret } from '../tokens/secrets.ts';

/** Who performed a management action, as policy history and logs record it. */
export type Actor = string;

/**
 * Management API keys: the bootstrap key from `LIFESPAN_ADMIN_KEY`, and keys created with the CLI, which are
 * stored as SHA-256 digests and shown once.
 */
export class AdminKeys {
  private readonly bootstrapDigest: Buffer | undefined;

  constructor(
    private readonly repository: AdminKeyRepository,
    private readonly clock: Clock,
    bootstrapKey: string | undefined,
  ) {
    this.bootstrapDigest = bootstrapKey ? Buffer.from(digest(bootstrapKey), 'base64url') : undefined;
  }

  async create(name: string): Promise<{ record: AdminKeyRecord; key: string }> {
    if (name.trim() === '') {
      throw new ValidationFailed('the admin key is not valid', [
        { field: 'name', message: 'an admin key needs a name' },
      ]);
    }
    const key = `lsk_${randomSecret()}`;
    const record = { id: randomUUID(), name, hash: digest(key), createdAt: this.clock.now() };
    await this.repository.insert(record);
    return { record, key };
  }

  list(): Promise<AdminKeyRecord[]> {
    return this.repository.list();
  }

  async authenticate(presented: string): Promise<Actor> {
    const actor = await this.find(presented);
    if (actor === undefined) throw new Unauthorized('a valid admin key is required');
    return actor;
  }

  /** The actor of an admin key, or undefined when the presented value is no admin key. */
  async find(presented: string): Promise<Actor | undefined> {
    const presentedDigest = digest(presented);
    if (
      this.bootstrapDigest &&
      timingSafeEqual(Buffer.from(presentedDigest, 'base64url'), this.bootstrapDigest)
    ) {
      return 'admin-key:bootstrap';
    }
    // a lookup by digest of a 256-bit key: timing reveals nothing usable about the key
    const record = await this.repository.findByHash(presentedDigest);
    return record && `admin-key:${record.name}`;
  }
}
