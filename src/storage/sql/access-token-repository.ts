import type { Kysely, Selectable } from 'kysely';
import type { Instant } from '../../domain/clock.ts';
import type { SubjectClass } from '../../domain/policy/settings.ts';
import type { AccessTokenRepository, OpaqueAccessTokenRecord } from '../../ports/access-token-repository.ts';
import { lookupsByTurn, prepareQuery } from './prepared.ts';
import { appendRevocationEvents } from './revocation-feed-repository.ts';
import type { AccessTokenTable, Database } from './schema.ts';
import { runsOnSqlite } from './sqlite-direct.ts';
import { transact } from './transactions.ts';
import { TurnBatch } from './turn-batch.ts';

const toRecord = (row: Selectable<AccessTokenTable>): OpaqueAccessTokenRecord => ({
  id: row.id,
  secretHash: row.secret_hash,
  tenantId: row.tenant_id,
  clientId: row.client_id,
  grantId: row.grant_id,
  subject: row.subject,
  subjectClass: row.subject_class as SubjectClass,
  scope: row.scope,
  issuedAt: Number(row.issued_at),
  expiresAt: Number(row.expires_at),
  policyVersion: Number(row.policy_version),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
});

export const accessTokenRow = (record: OpaqueAccessTokenRecord): Selectable<AccessTokenTable> => ({
  id: record.id,
  secret_hash: record.secretHash,
  tenant_id: record.tenantId,
  client_id: record.clientId,
  grant_id: record.grantId,
  subject: record.subject,
  subject_class: record.subjectClass,
  scope: record.scope,
  issued_at: record.issuedAt,
  expires_at: record.expiresAt,
  policy_version: record.policyVersion,
  revoked_at: record.revokedAt,
});

/** One access token row, prepared once: the insert of the hot paths. */
export const prepareAccessTokenInsert = (db: Kysely<Database>) =>
  prepareQuery<Database, keyof AccessTokenTable, never>(db, (p) =>
    db.insertInto('access_tokens').values({
      id: p('id'),
      secret_hash: p('secret_hash'),
      tenant_id: p('tenant_id'),
      client_id: p('client_id'),
      grant_id: p('grant_id'),
      subject: p('subject'),
      subject_class: p('subject_class'),
      scope: p('scope'),
      issued_at: p('issued_at'),
      expires_at: p('expires_at'),
      policy_version: p('policy_version'),
      revoked_at: p('revoked_at'),
    }),
  );

/** Opaque access tokens and revoked JWT ids. Insert and lookup are the hot paths: prepared once. */
export class SqlAccessTokenRepository implements AccessTokenRepository {
  private readonly inserts: TurnBatch<Selectable<AccessTokenTable>, undefined>;
  private readonly insertOne;
  private readonly findToken;
  private readonly lookups: TurnBatch<string, Selectable<AccessTokenTable> | undefined>;
  private readonly findRevokedJwt;

  constructor(private readonly db: Kysely<Database>) {
    this.insertOne = prepareAccessTokenInsert(db);
    const writeRows = runsOnSqlite(db)
      ? // one prepared statement per row in one transaction, run directly: cheaper than building and compiling
        // a multi-row insert for every batch size
        (rows: Array<Selectable<AccessTokenTable>>) =>
          transact(db, async (trx) => {
            for (const row of rows) await this.insertOne.execute(row, trx);
          })
      : // PostgreSQL: one statement, one round trip for the batch
        async (rows: Array<Selectable<AccessTokenTable>>) => {
          await db.insertInto('access_tokens').values(rows).execute();
        };
    this.inserts = new TurnBatch(async (rows) => {
      await writeRows(rows);
      return rows.map(() => undefined);
    });
    this.findToken = prepareQuery<Database, 'id', Selectable<AccessTokenTable>>(db, (p) =>
      db.selectFrom('access_tokens').selectAll().where('id', '=', p('id')),
    );
    this.lookups = lookupsByTurn(this.findToken);
    this.findRevokedJwt = prepareQuery<Database, 'jti', { jti: string }>(db, (p) =>
      db.selectFrom('revoked_jwts').select('jti').where('jti', '=', p('jti')),
    );
  }

  insert(record: OpaqueAccessTokenRecord): Promise<void> {
    return this.inserts.submit(accessTokenRow(record));
  }

  async findById(id: string): Promise<OpaqueAccessTokenRecord | undefined> {
    const row = await this.lookups.submit(id);
    return row && toRecord(row);
  }

  async revokeById(id: string, at: Instant): Promise<boolean> {
    const result = await this.db
      .updateTable('access_tokens')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async revokeJwt(jti: string, expiresAt: Instant, tenantId: string): Promise<void> {
    await transact(this.db, async (trx) => {
      const inserted = await trx
        .insertInto('revoked_jwts')
        .values({ jti, expires_at: expiresAt })
        .onConflict((oc) => oc.column('jti').doNothing())
        .returning('jti')
        .executeTakeFirst();
      // a JWT revoked again is not news for the feed
      if (inserted !== undefined) {
        await appendRevocationEvents(trx, [{ kind: 'token', tenantId, jti, expiresAt }]);
      }
    });
  }

  async isJwtRevoked(jti: string): Promise<boolean> {
    return (await this.findRevokedJwt.execute({ jti })).rows.length > 0;
  }

  async deleteExpired(now: Instant, limit: number): Promise<number> {
    const expiredTokens = this.db
      .selectFrom('access_tokens')
      .select('id')
      .where('expires_at', '<', now)
      .limit(limit);
    const tokens = await this.db
      .deleteFrom('access_tokens')
      .where('id', 'in', expiredTokens)
      .executeTakeFirst();
    const expiredJwts = this.db
      .selectFrom('revoked_jwts')
      .select('jti')
      .where('expires_at', '<', now)
      .limit(limit);
    const jwts = await this.db.deleteFrom('revoked_jwts').where('jti', 'in', expiredJwts).executeTakeFirst();
    return Number(tokens.numDeletedRows) + Number(jwts.numDeletedRows);
  }
}
