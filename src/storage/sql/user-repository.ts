import { type Kysely, type Selectable, sql } from 'kysely';
import type { User, UserSubjectClass } from '../../domain/accounts/user.ts';
import type { Instant } from '../../domain/clock.ts';
import type { PolicyChange } from '../../domain/policy/change.ts';
import type {
  ExternalIdentity,
  GrantStanding,
  UserQuery,
  UserRepository,
} from '../../ports/user-repository.ts';
import { policyText, requireSwapped, writeWithChange } from './change-recorder.ts';
import { conflictOn } from './constraint-errors.ts';
import { prepareQuery } from './prepared.ts';
import { appendRevocationEvents } from './revocation-feed-repository.ts';
import type { Database, UserTable } from './schema.ts';
import { transact } from './transactions.ts';

const instant = (value: number | null): Instant | null => (value === null ? null : Number(value));

export const toUser = (row: Selectable<UserTable>): User => ({
  id: row.id,
  tenantId: row.tenant_id,
  username: row.username,
  passwordHash: row.password_hash,
  subjectClass: row.subject_class as UserSubjectClass,
  validUntil: instant(row.valid_until),
  profile: JSON.parse(row.profile),
  policy: JSON.parse(row.policy),
  accessNotBefore: instant(row.access_not_before),
  refreshNotBefore: instant(row.refresh_not_before),
  administers: row.administers,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const toRow = (user: User): Selectable<UserTable> => ({
  id: user.id,
  tenant_id: user.tenantId,
  username: user.username,
  password_hash: user.passwordHash,
  subject_class: user.subjectClass,
  valid_until: user.validUntil,
  profile: JSON.stringify(user.profile),
  policy: policyText(user.policy),
  access_not_before: user.accessNotBefore,
  refresh_not_before: user.refreshNotBefore,
  administers: user.administers,
  created_at: user.createdAt,
  updated_at: user.updatedAt,
});

const USER_COLUMNS = [
  'users.id',
  'users.tenant_id',
  'users.username',
  'users.password_hash',
  'users.subject_class',
  'users.valid_until',
  'users.profile',
  'users.policy',
  'users.access_not_before',
  'users.refresh_not_before',
  'users.administers',
  'users.created_at',
  'users.updated_at',
] as const;

export class SqlUserRepository implements UserRepository {
  private readonly standing;

  constructor(private readonly db: Kysely<Database>) {
    // read on every introspection of a user's token: prepared once
    this.standing = prepareQuery<
      Database,
      'grantId',
      Selectable<UserTable> & { g_revoked_at: number | null; g_created_at: number }
    >(db, (p) =>
      db
        .selectFrom('grants')
        .innerJoin('users', 'users.id', 'grants.user_id')
        .select(USER_COLUMNS)
        .select(['grants.revoked_at as g_revoked_at', 'grants.created_at as g_created_at'])
        .where('grants.id', '=', p('grantId')),
    );
  }

  async insert(user: User, identity?: ExternalIdentity): Promise<void> {
    await transact(this.db, async (trx) => {
      await trx.insertInto('users').values(toRow(user)).execute();
      if (identity) {
        await trx
          .insertInto('external_identities')
          .values({ ...identityRow(identity), user_id: user.id, created_at: user.createdAt })
          .execute();
      }
    }).catch(
      conflictOn({
        unique: 'the username is taken in this tenant',
        foreignKey: 'the tenant does not exist',
      }),
    );
  }

  async get(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  async findByUsername(tenantId: string, username: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('username', '=', username)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async findByExternalIdentity(identity: ExternalIdentity): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('external_identities')
      .innerJoin('users', 'users.id', 'external_identities.user_id')
      .select(USER_COLUMNS)
      .where('external_identities.tenant_id', '=', identity.tenantId)
      .where('external_identities.issuer', '=', identity.issuer)
      .where('external_identities.subject', '=', identity.subject)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async linkExternalIdentity(userId: string, identity: ExternalIdentity, at: Instant): Promise<void> {
    await this.db
      .insertInto('external_identities')
      .values({ ...identityRow(identity), user_id: userId, created_at: at })
      .execute()
      .catch(conflictOn({ unique: 'the external identity is linked to another user' }));
  }

  async list(query: UserQuery): Promise<User[]> {
    // `in ()` is no SQL: a filter of no tenants matches nothing
    if (query.tenantIds?.length === 0) return [];
    let select = this.db.selectFrom('users').selectAll().orderBy('id').limit(query.limit);
    if (query.after !== undefined) select = select.where('id', '>', query.after);
    if (query.tenantId !== undefined) select = select.where('tenant_id', '=', query.tenantId);
    if (query.tenantIds !== undefined) select = select.where('tenant_id', 'in', query.tenantIds);
    if (query.usernamePrefix !== undefined) {
      // both sides folded by the store's own lower(), so that they fold alike; the prefix's wildcards escaped
      const pattern = `${escapeLike(query.usernamePrefix)}%`;
      select = select.where(sql<boolean>`lower(username) like lower(${pattern}) escape '\\'`);
    }
    return (await select.execute()).map(toUser);
  }

  async update(user: User, change?: PolicyChange): Promise<void> {
    const { id, created_at: _created, tenant_id: _tenant, ...row } = toRow(user);
    await writeWithChange(this.db, change, async (trx) => {
      const update = trx.updateTable('users').set(row).where('id', '=', id);
      const expected = change && update.where('policy', '=', policyText(change.before));
      requireSwapped(await (expected ?? update).executeTakeFirst(), change);
    }).catch(conflictOn({ unique: 'the username is taken in this tenant' }));
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async countAdministering(tenantId: string): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('administers', '=', tenantId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async raiseNotBefore(
    id: string,
    which: { access?: boolean; refresh?: boolean },
    at: Instant,
  ): Promise<void> {
    await transact(this.db, async (trx) => {
      const user = await trx
        .updateTable('users')
        .set((eb) => {
          // never move a not-before back: a later event must not revive what an earlier one ended
          const raised = (column: 'access_not_before' | 'refresh_not_before') =>
            eb
              .case()
              .when(column, 'is', null)
              .then(at)
              .when(column, '<', at)
              .then(at)
              .else(eb.ref(column))
              .end();
          return {
            ...(which.access && { access_not_before: raised('access_not_before') }),
            ...(which.refresh && { refresh_not_before: raised('refresh_not_before') }),
            updated_at: at,
          };
        })
        .where('id', '=', id)
        .returning('tenant_id')
        .executeTakeFirst();
      // the feed publishes access not-befores only: resource servers never see refresh tokens
      if (user && which.access) {
        await appendRevocationEvents(trx, [
          { kind: 'user', tenantId: user.tenant_id, userId: id, notBefore: at },
        ]);
      }
    });
  }

  async grantStanding(grantId: string): Promise<GrantStanding | undefined> {
    const row = (await this.standing.execute({ grantId })).rows[0];
    if (!row) return undefined;
    const { g_revoked_at, g_created_at, ...user } = row;
    return {
      grantRevokedAt: instant(g_revoked_at),
      grantCreatedAt: Number(g_created_at),
      user: toUser(user),
    };
  }
}

/** A LIKE pattern matching the text literally: its backslashes, `%` and `_` escaped with a backslash. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const identityRow = (identity: ExternalIdentity) => ({
  tenant_id: identity.tenantId,
  issuer: identity.issuer,
  subject: identity.subject,
});
