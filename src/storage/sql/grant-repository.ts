import type { Kysely, Selectable } from 'kysely';
import type { Instant } from '../../domain/clock.ts';
import type { SubjectClass } from '../../domain/policy/settings.ts';
import type { Grant, RefreshTokenRecord } from '../../domain/tokens/grant.ts';
import type { OpaqueAccessTokenRecord } from '../../ports/access-token-repository.ts';
import type {
  GrantRepository,
  LiveRefreshFamily,
  RefreshTokenWithGrant,
  RotationOutcome,
} from '../../ports/grant-repository.ts';
import type { PageQuery } from '../../ports/tenant-repository.ts';
import { accessTokenRow, prepareAccessTokenInsert } from './access-token-repository.ts';
import { lookupsByTurn, prepareQuery } from './prepared.ts';
import type { Database, GrantTable, RefreshTokenTable, UserTable } from './schema.ts';
import { transact } from './transactions.ts';
import { TurnBatch } from './turn-batch.ts';
import { toUser } from './user-repository.ts';

interface Rotation {
  oldId: string;
  successor: RefreshTokenRecord;
  successorBox: string | null;
  at: Instant;
  accessToken: OpaqueAccessTokenRecord | undefined;
}

type RefreshTokenJoinRow = Selectable<GrantTable> & {
  token_id: string;
  secret_hash: string;
  issued_at: number;
  token_expires_at: number | null;
  rotated_at: number | null;
  successor_box: string | null;
} & { [Column in keyof UserTable as `u_${Column}`]: Selectable<UserTable>[Column] | null };

/**
 * The family's user, read with the token (one query for the refresh grant); undefined when it was deleted. The
 * left join types every user column nullable; when the row exists its NOT NULL columns are there, so the
 * fallbacks below never apply.
 */
const joinedUser = (row: RefreshTokenJoinRow) =>
  row.u_id === null
    ? undefined
    : toUser({
        id: row.u_id,
        tenant_id: row.u_tenant_id ?? '',
        username: row.u_username,
        password_hash: row.u_password_hash,
        subject_class: row.u_subject_class ?? '',
        valid_until: row.u_valid_until,
        profile: row.u_profile ?? '{}',
        policy: row.u_policy ?? '{}',
        access_not_before: row.u_access_not_before,
        refresh_not_before: row.u_refresh_not_before,
        administers: row.u_administers,
        created_at: row.u_created_at ?? 0,
        updated_at: row.u_updated_at ?? 0,
      });

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

/** Byte order, the same in every process (unlike localeCompare). */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const tokenRow = (token: RefreshTokenRecord): Selectable<RefreshTokenTable> => ({
  id: token.id,
  secret_hash: token.secretHash,
  grant_id: token.grantId,
  issued_at: token.issuedAt,
  expires_at: token.expiresAt,
  rotated_at: token.rotatedAt,
  successor_box: token.successorBox,
});

/** Grants and refresh tokens. Lookup and rotation are the refresh grant's hot path: prepared once. */
export class SqlGrantRepository implements GrantRepository {
  private readonly findToken;
  private readonly retire;
  private readonly insertToken;
  private readonly insertAccessToken;
  private readonly readRotation;
  private readonly rotations: TurnBatch<Rotation, RotationOutcome>;
  private readonly lookups: TurnBatch<string, RefreshTokenJoinRow | undefined>;

  constructor(private readonly db: Kysely<Database>) {
    this.findToken = prepareQuery<Database, 'id', RefreshTokenJoinRow>(db, (p) =>
      db
        .selectFrom('refresh_tokens')
        .innerJoin('grants', 'grants.id', 'refresh_tokens.grant_id')
        .leftJoin('users', 'users.id', 'grants.user_id')
        .selectAll('grants')
        .select([
          'refresh_tokens.id as token_id',
          'refresh_tokens.secret_hash',
          'refresh_tokens.issued_at',
          'refresh_tokens.expires_at as token_expires_at',
          'refresh_tokens.rotated_at',
          'refresh_tokens.successor_box',
          'users.id as u_id',
          'users.tenant_id as u_tenant_id',
          'users.username as u_username',
          'users.password_hash as u_password_hash',
          'users.subject_class as u_subject_class',
          'users.valid_until as u_valid_until',
          'users.profile as u_profile',
          'users.policy as u_policy',
          'users.access_not_before as u_access_not_before',
          'users.refresh_not_before as u_refresh_not_before',
          'users.administers as u_administers',
          'users.created_at as u_created_at',
          'users.updated_at as u_updated_at',
        ])
        .where('refresh_tokens.id', '=', p('id')),
    );
    // the compare-and-swap: only the call that finds the token unrotated retires it
    this.retire = prepareQuery<Database, 'id' | 'at' | 'box', never>(db, (p) =>
      db
        .updateTable('refresh_tokens')
        .set({ rotated_at: p('at'), successor_box: p('box') })
        .where('id', '=', p('id'))
        .where('rotated_at', 'is', null),
    );
    this.insertToken = prepareQuery<Database, keyof RefreshTokenTable, never>(db, (p) =>
      db.insertInto('refresh_tokens').values({
        id: p('id'),
        secret_hash: p('secret_hash'),
        grant_id: p('grant_id'),
        issued_at: p('issued_at'),
        expires_at: p('expires_at'),
        rotated_at: p('rotated_at'),
        successor_box: p('successor_box'),
      }),
    );
    this.insertAccessToken = prepareAccessTokenInsert(db);
    this.readRotation = prepareQuery<
      Database,
      'id',
      Pick<Selectable<RefreshTokenTable>, 'rotated_at' | 'successor_box'>
    >(db, (p) =>
      db.selectFrom('refresh_tokens').select(['rotated_at', 'successor_box']).where('id', '=', p('id')),
    );
    this.lookups = lookupsByTurn(this.findToken);
    this.rotations = new TurnBatch((jobs) =>
      transact(db, async (trx) => {
        // PostgreSQL: rows are locked in one order (by id) by every batch of every instance, so two batches
        // never wait on each other in a cycle
        const inLockOrder = jobs
          .map((job, index) => ({ job, index }))
          .sort((a, b) => compareText(a.job.oldId, b.job.oldId));
        const outcomes: RotationOutcome[] = new Array(jobs.length);
        for (const { job, index } of inLockOrder) outcomes[index] = await this.rotateOne(trx, job);
        return outcomes;
      }),
    );
  }

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
      if (firstRefreshToken) await this.insertToken.execute(tokenRow(firstRefreshToken), trx);
    });
  }

  async get(id: string): Promise<Grant | undefined> {
    const row = await this.db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toGrant(row);
  }

  async findRefreshToken(id: string): Promise<RefreshTokenWithGrant | undefined> {
    const row = await this.lookups.submit(id);
    if (!row) return undefined;
    return {
      grant: toGrant(row),
      token: {
        id: row.token_id,
        secretHash: row.secret_hash,
        grantId: row.id,
        issuedAt: Number(row.issued_at),
        expiresAt: instant(row.token_expires_at),
        rotatedAt: instant(row.rotated_at),
        successorBox: row.successor_box,
      },
      user: joinedUser(row),
    };
  }

  rotate(
    oldId: string,
    successor: RefreshTokenRecord,
    successorBox: string | null,
    at: Instant,
    accessToken?: OpaqueAccessTokenRecord,
  ): Promise<RotationOutcome> {
    return this.rotations.submit({ oldId, successor, successorBox, at, accessToken });
  }

  private async rotateOne(trx: Kysely<Database>, job: Rotation): Promise<RotationOutcome> {
    const retired = await this.retire.execute({ id: job.oldId, at: job.at, box: job.successorBox }, trx);
    if (Number(retired.numAffectedRows) === 1) {
      await this.insertToken.execute(tokenRow(job.successor), trx);
      if (job.accessToken) await this.insertAccessToken.execute(accessTokenRow(job.accessToken), trx);
      return { kind: 'rotated' };
    }
    const row = (await this.readRotation.execute({ id: job.oldId }, trx)).rows[0];
    return {
      kind: 'already-rotated',
      rotatedAt: Number(row?.rotated_at ?? job.at),
      successorBox: row?.successor_box ?? null,
    };
  }

  async extend(id: string, expiresAt: Instant | null): Promise<void> {
    await this.db.updateTable('refresh_tokens').set({ expires_at: expiresAt }).where('id', '=', id).execute();
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

  async listLiveFamiliesOfUser(userId: string, at: Instant, page: PageQuery): Promise<LiveRefreshFamily[]> {
    let select = this.db
      .selectFrom('grants')
      // the family's current token is its one unrotated token (a rotation retires the old one as it stores the new)
      .innerJoin('refresh_tokens', (join) =>
        join.onRef('refresh_tokens.grant_id', '=', 'grants.id').on('refresh_tokens.rotated_at', 'is', null),
      )
      .selectAll('grants')
      .select([
        'refresh_tokens.issued_at as token_issued_at',
        'refresh_tokens.expires_at as token_expires_at',
      ])
      .where('grants.user_id', '=', userId)
      .where('grants.revoked_at', 'is', null)
      .where((eb) =>
        eb.or([eb('grants.absolute_expires_at', 'is', null), eb('grants.absolute_expires_at', '>', at)]),
      )
      .where((eb) =>
        eb.or([eb('refresh_tokens.expires_at', 'is', null), eb('refresh_tokens.expires_at', '>', at)]),
      )
      .orderBy('grants.id')
      .limit(page.limit);
    if (page.after !== undefined) select = select.where('grants.id', '>', page.after);
    return (await select.execute()).map(({ token_issued_at, token_expires_at, ...grant }) => ({
      grant: toGrant(grant),
      currentToken: { issuedAt: Number(token_issued_at), expiresAt: instant(token_expires_at) },
    }));
  }
}
