import type { Kysely, Selectable } from 'kysely';
import type { Instant } from '../../domain/clock.ts';
import type { Session } from '../../domain/sessions/session.ts';
import type { LiveSessionFilter, SessionRepository } from '../../ports/session-repository.ts';
import type { PageQuery } from '../../ports/tenant-repository.ts';
import type { Database, SessionTable } from './schema.ts';

const toSession = (row: Selectable<SessionTable>): Session => ({
  id: row.id,
  secretHash: row.secret_hash,
  userId: row.user_id,
  tenantId: row.tenant_id,
  authTime: Number(row.auth_time),
  lastActiveAt: Number(row.last_active_at),
  endedAt: row.ended_at === null ? null : Number(row.ended_at),
});

export class SqlSessionRepository implements SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(session: Session): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: session.id,
        secret_hash: session.secretHash,
        user_id: session.userId,
        tenant_id: session.tenantId,
        auth_time: session.authTime,
        last_active_at: session.lastActiveAt,
        ended_at: session.endedAt,
      })
      .execute();
  }

  async findBySecretHash(secretHash: string): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('secret_hash', '=', secretHash)
      .executeTakeFirst();
    return row && toSession(row);
  }

  async get(id: string): Promise<Session | undefined> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSession(row);
  }

  async touch(id: string, at: Instant): Promise<void> {
    await this.db.updateTable('sessions').set({ last_active_at: at }).where('id', '=', id).execute();
  }

  async end(id: string, at: Instant): Promise<boolean> {
    const result = await this.db
      .updateTable('sessions')
      .set({ ended_at: at })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async endAllOfUser(userId: string, at: Instant): Promise<number> {
    const result = await this.db
      .updateTable('sessions')
      .set({ ended_at: at })
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async listLiveOfUser(userId: string, filter: LiveSessionFilter, page: PageQuery): Promise<Session[]> {
    let select = this.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .orderBy('id')
      .limit(page.limit);
    if (filter.activeAfter !== null) select = select.where('last_active_at', '>', filter.activeAfter);
    if (filter.authenticatedAfter !== null)
      select = select.where('auth_time', '>', filter.authenticatedAfter);
    if (page.after !== undefined) select = select.where('id', '>', page.after);
    return (await select.execute()).map(toSession);
  }
}
