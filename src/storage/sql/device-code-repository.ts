import type { Kysely, Selectable } from 'kysely';
import type { Instant } from '../../domain/clock.ts';
import type {
  DeviceAuthorization,
  DeviceAuthorizationStatus,
} from '../../domain/grants/device-authorization.ts';
import type { DeviceCodeRepository, PollOutcome } from '../../ports/device-code-repository.ts';
import type { Database, DeviceCodeTable } from './schema.ts';
import { transact } from './transactions.ts';

const toAuthorization = (row: Selectable<DeviceCodeTable>): DeviceAuthorization => ({
  deviceCodeHash: row.device_code_hash,
  userCode: row.user_code,
  clientId: row.client_id,
  scope: row.scope,
  expiresAt: Number(row.expires_at),
  intervalSeconds: Number(row.interval_seconds),
  lastPolledAt: row.last_polled_at === null ? null : Number(row.last_polled_at),
  status: row.status as DeviceAuthorizationStatus,
  userId: row.user_id,
  sessionId: row.session_id,
  authTime: row.auth_time === null ? null : Number(row.auth_time),
});

/** RFC 8628 §3.5: a client polling too fast must add 5 seconds to its interval. */
const SLOW_DOWN_SECONDS = 5;

export class SqlDeviceCodeRepository implements DeviceCodeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(authorization: DeviceAuthorization): Promise<void> {
    await this.db
      .insertInto('device_codes')
      .values({
        device_code_hash: authorization.deviceCodeHash,
        user_code: authorization.userCode,
        client_id: authorization.clientId,
        scope: authorization.scope,
        expires_at: authorization.expiresAt,
        interval_seconds: authorization.intervalSeconds,
        last_polled_at: authorization.lastPolledAt,
        status: authorization.status,
        user_id: authorization.userId,
        session_id: authorization.sessionId,
        auth_time: authorization.authTime,
      })
      .execute();
  }

  async findByUserCode(userCode: string): Promise<DeviceAuthorization | undefined> {
    const row = await this.db
      .selectFrom('device_codes')
      .selectAll()
      .where('user_code', '=', userCode)
      .executeTakeFirst();
    return row && toAuthorization(row);
  }

  async poll(deviceCodeHash: string, at: Instant): Promise<PollOutcome> {
    return transact(this.db, async (trx) => {
      // write first: the transaction holds the write lock (SQLite) or the row lock (PostgreSQL) before it
      // reads, so a concurrent poll from another process waits instead of failing on a stale snapshot
      await trx
        .updateTable('device_codes')
        .set((eb) => ({ status: eb.ref('status') }))
        .where('device_code_hash', '=', deviceCodeHash)
        .execute();
      const row = await trx
        .selectFrom('device_codes')
        .selectAll()
        .where('device_code_hash', '=', deviceCodeHash)
        .executeTakeFirst();
      if (!row) return { kind: 'unknown' } as const;
      const authorization = toAuthorization(row);
      // only a poll that finds the same last poll time may pass: concurrent polls cannot both get through
      const tooFast =
        authorization.lastPolledAt !== null &&
        at - authorization.lastPolledAt < authorization.intervalSeconds * 1000;
      const interval = authorization.intervalSeconds + (tooFast ? SLOW_DOWN_SECONDS : 0);
      const previous = row.last_polled_at;
      const result = await trx
        .updateTable('device_codes')
        .set({ last_polled_at: at, interval_seconds: interval })
        .where('device_code_hash', '=', deviceCodeHash)
        .where((eb) =>
          previous === null ? eb('last_polled_at', 'is', null) : eb('last_polled_at', '=', previous),
        )
        .executeTakeFirst();
      const updated = { ...authorization, lastPolledAt: at, intervalSeconds: interval };
      if (tooFast || Number(result.numUpdatedRows) === 0)
        return { kind: 'too-fast', authorization: updated } as const;
      return { kind: 'polled', authorization: updated } as const;
    });
  }

  async decide(
    userCode: string,
    decision:
      | { status: 'approved'; userId: string; sessionId: string; authTime: Instant }
      | { status: 'denied' },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('device_codes')
      .set(
        decision.status === 'approved'
          ? {
              status: 'approved',
              user_id: decision.userId,
              session_id: decision.sessionId,
              auth_time: decision.authTime,
            }
          : { status: 'denied' },
      )
      .where('user_code', '=', userCode)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async consume(deviceCodeHash: string): Promise<boolean> {
    const result = await this.db
      .updateTable('device_codes')
      .set({ status: 'consumed' })
      .where('device_code_hash', '=', deviceCodeHash)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
