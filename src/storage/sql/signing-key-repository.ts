import type { Kysely } from 'kysely';
import type { Instant } from '../../domain/clock.ts';
import type { SigningAlgorithm } from '../../domain/policy/settings.ts';
import type { SigningKeyRepository, StoredSigningKey } from '../../ports/signing-key-repository.ts';
import { writeWithChange } from './change-recorder.ts';
import { appendRevocationEvents } from './revocation-feed-repository.ts';
import type { Database } from './schema.ts';

const instant = (value: number | null): Instant | null => (value === null ? null : Number(value));

/** Every key write is a configuration change: other instances reload their key ring. */
export class SqlSigningKeyRepository implements SigningKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<StoredSigningKey[]> {
    const rows = await this.db
      .selectFrom('signing_keys')
      .selectAll()
      .orderBy('created_at')
      .orderBy('kid')
      .execute();
    return rows.map((row) => ({
      kid: row.kid,
      algorithm: row.algorithm as SigningAlgorithm,
      publicJwk: JSON.parse(row.public_jwk),
      privateKey: row.private_key,
      createdAt: Number(row.created_at),
      activatesAt: Number(row.activates_at ?? row.created_at),
      retiredAt: instant(row.retired_at),
      publishedUntil: instant(row.published_until),
      revokedAt: instant(row.revoked_at),
    }));
  }

  async insert(key: StoredSigningKey): Promise<void> {
    await writeWithChange(this.db, undefined, (trx) =>
      trx
        .insertInto('signing_keys')
        .values({
          kid: key.kid,
          algorithm: key.algorithm,
          status: key.revokedAt === null ? 'active' : 'revoked',
          public_jwk: JSON.stringify(key.publicJwk),
          private_key: key.privateKey,
          created_at: key.createdAt,
          retired_at: key.retiredAt,
          activates_at: key.activatesAt,
          published_until: key.publishedUntil,
          revoked_at: key.revokedAt,
        })
        .execute(),
    );
  }

  async supersede(kid: string, retiredAt: Instant, publishedUntil: Instant | null): Promise<void> {
    await writeWithChange(this.db, undefined, (trx) =>
      trx
        .updateTable('signing_keys')
        .set({ retired_at: retiredAt, published_until: publishedUntil })
        .where('kid', '=', kid)
        .execute(),
    );
  }

  async revoke(kid: string, at: Instant): Promise<void> {
    await writeWithChange(this.db, undefined, async (trx) => {
      await trx
        .updateTable('signing_keys')
        .set({ status: 'revoked', revoked_at: at })
        .where('kid', '=', kid)
        .execute();
      await appendRevocationEvents(trx, [{ kind: 'key', kid, revokedAt: at }]);
    });
  }

  async replacePrivateKey(kid: string, privateKey: string): Promise<void> {
    await writeWithChange(this.db, undefined, (trx) =>
      trx.updateTable('signing_keys').set({ private_key: privateKey }).where('kid', '=', kid).execute(),
    );
  }
}
