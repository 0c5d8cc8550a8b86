import type { Kysely, Selectable } from 'kysely';
import type { Instant } from '../../domain/clock.ts';
import type { AuthorizationCode } from '../../domain/grants/authorization-code.ts';
import type { AuthorizationCodeRepository } from '../../ports/authorization-code-repository.ts';
import type { AuthorizationCodeTable, Database } from './schema.ts';

const toCode = (row: Selectable<AuthorizationCodeTable>): AuthorizationCode => ({
  hash: row.code_hash,
  clientId: row.client_id,
  userId: row.user_id,
  sessionId: row.session_id,
  redirectUri: row.redirect_uri,
  scope: row.scope,
  nonce: row.nonce,
  codeChallenge: row.code_challenge,
  authTime: Number(row.auth_time),
  expiresAt: Number(row.expires_at),
  consumedAt: row.consumed_at === null ? null : Number(row.consumed_at),
  grantId: row.grant_id,
});

export class SqlAuthorizationCodeRepository implements AuthorizationCodeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(code: AuthorizationCode): Promise<void> {
    await this.db
      .insertInto('authorization_codes')
      .values({
        code_hash: code.hash,
        client_id: code.clientId,
        user_id: code.userId,
        session_id: code.sessionId,
        redirect_uri: code.redirectUri,
        scope: code.scope,
        nonce: code.nonce,
        code_challenge: code.codeChallenge,
        auth_time: code.authTime,
        expires_at: code.expiresAt,
        consumed_at: code.consumedAt,
        grant_id: code.grantId,
      })
      .execute();
  }

  async consume(hash: string, at: Instant): Promise<AuthorizationCode | undefined> {
    // one statement: of concurrent exchanges of one code, exactly one gets the row back
    const row = await this.db
      .updateTable('authorization_codes')
      .set({ consumed_at: at })
      .where('code_hash', '=', hash)
      .where('consumed_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    return row && toCode(row);
  }

  async find(hash: string): Promise<AuthorizationCode | undefined> {
    const row = await this.db
      .selectFrom('authorization_codes')
      .selectAll()
      .where('code_hash', '=', hash)
      .executeTakeFirst();
    return row && toCode(row);
  }

  async attachGrant(hash: string, grantId: string): Promise<void> {
    await this.db
      .updateTable('authorization_codes')
      .set({ grant_id: grantId })
      .where('code_hash', '=', hash)
      .execute();
  }
}
