import type { Kysely, Selectable } from 'kysely';
import type { Instant } from '../../domain/clock.ts';
import type { SubjectClass } from '../../domain/policy/settings.ts';
import type { Grant, RefreshTokenRecord } from '../../domain/tokens/grant.ts';
import type {
  GrantRepository,
  RefreshTokenWithGrant,
  RotationOutcome,
} from '../../ports/grant-repository.ts';
import type { Database, GrantTable, RefreshTokenTable } from './schema.ts';
import { transact } from './transactions.ts';

const instant = (value: number | null): Instant | null => (value === null ? null : Number(value));

const toGrant = (row: Selectable<GrantTable>): Grant => ({
  id: row.id,
  tenantId: row.tenant_id,
  clientId: row.client_id,
  userId: row.user_id,
  subjectClass: row.subject_class as SubjectClass,
  scope: row.scope,
  sessionId: row.session_id,
  authTime: Number(row.auth_time),
  createdAt: Number(row.created_at),
  absoluteExpiresAt: instant(row.absolute_expires_at),
  revokedAt: instant(row.revoked_at),
  signingKid: row.signing_kid,
});

const tokenRow = (token: RefreshTokenRecord): Selectable<RefreshTokenTable> => ({
  token_hash: token.hash,
  grant_id: token.grantId,
  issued_at: token.issuedAt,
  expires_at: token.expiresAt,
  rotated_at: token.rotatedAt,
  successor_box: token.successorBox,
});

export class SqlGrantRepository implements GrantRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(grant: Grant, firstRefreshToken?: RefreshTokenRecord): Promise<void> {
    await transact(this.db, async (trx) => {
      await trx
        .insertInto('grants')
        .values({
          id: grant.id,
          tenant_id: grant.tenantId,
          client_id: grant.clientId,
          user_id: grant.userId,
          subject_class: grant.subjectClass,
          scope: grant.scope,
          session_id: grant.sessionId,
          auth_time: grant.authTime,
          created_at: grant.createdAt,
          absolute_expires_at: grant.absoluteExpiresAt,
          revoked_at: grant.revokedAt,
          signing_kid: grant.signingKid,
        })
        .execute();
      if (firstRefreshToken)
        await trx.insertInto('refresh_tokens').values(tokenRow(firstRefreshToken)).execute();
    });
  }

  async get(id: string): Promise<Grant | undefined> {
    const row = await this.db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toGrant(row);
  }

  async findRefreshToken(hash: string): Promise<RefreshTokenWithGrant | undefined> {
    const row = await this.db
      .selectFrom('refresh_tokens')
      .innerJoin('grants', 'grants.id', 'refresh_tokens.grant_id')
      .selectAll('grants')
      .select([
        'refresh_tokens.token_hash',
        'refresh_tokens.issued_at',
        'refresh_tokens.expires_at as token_expires_at',
        'refresh_tokens.rotated_at',
        'refresh_tokens.successor_box',
      ])
      .where('refresh_tokens.token_hash', '=', hash)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      grant: toGrant(row),
      token: {
        hash: row.token_hash,
        grantId: row.id,
        issuedAt: Number(row.issued_at),
        expiresAt: instant(row.token_expires_at),
        rotatedAt: instant(row.rotated_at),
        successorBox: row.successor_box,
      },
    };
  }

  async rotate(
    oldHash: string,
    successor: RefreshTokenRecord,
    successorBox: string,
    at: Instant,
  ): Promise<RotationOutcome> {
    return transact(this.db, async (trx) => {
      // the compare-and-swap: only the call that finds the token unrotated retires it
      const result = await trx
        .updateTable('refresh_tokens')
        .set({ rotated_at: at, successor_box: successorBox })
        .where('token_hash', '=', oldHash)
        .where('rotated_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) {
        await trx.insertInto('refresh_tokens').values(tokenRow(successor)).execute();
        return { kind: 'rotated' } as const;
      }
      const row = await trx
        .selectFrom('refresh_tokens')
        .select(['rotated_at', 'successor_box'])
        .where('token_hash', '=', oldHash)
        .executeTakeFirst();
      return {
        kind: 'already-rotated',
        rotatedAt: Number(row?.rotated_at ?? at),
        successorBox: row?.successor_box ?? null,
      } as const;
    });
  }

  async extend(hash: string, expiresAt: Instant | null): Promise<void> {
    await this.db
      .updateTable('refresh_tokens')
      .set({ expires_at: expiresAt })
      .where('token_hash', '=', hash)
      .execute();
  }

  async revoke(id: string, at: Instant): Promise<boolean> {
    const result = await this.db
      .updateTable('grants')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async revokeAllOfSession(sessionId: string, at: Instant): Promise<number> {
    const result = await this.db
      .updateTable('grants')
      .set({ revoked_at: at })
      .where('session_id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async recordSigningKey(id: string, kid: string): Promise<void> {
    await this.db.updateTable('grants').set({ signing_kid: kid }).where('id', '=', id).execute();
  }

  async revokeAllSignedWith(kid: string, at: Instant): Promise<number> {
    const result = await this.db
      .updateTable('grants')
      .set({ revoked_at: at })
      .where('signing_kid', '=', kid)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async revokeAllOfUser(userId: string, at: Instant): Promise<number> {
    const result = await this.db
      .updateTable('grants')
      .set({ revoked_at: at })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
