import type { Kysely } from 'kysely';
import type { Instant } from '../../domain/clock.ts';
import type {
  DeviceRecord,
  FailureOutcome,
  LockoutRepository,
  LockoutRule,
  LockoutState,
} from '../../ports/lockout-repository.ts';
import type { SqlDialectName } from './database.ts';
import type { Database } from './schema.ts';
import { transact } from './transactions.ts';

const instant = (value: number | null | undefined): Instant | null =>
  value === null || value === undefined ? null : Number(value);

/** A counter that restarts when its window, opened by its first event, has passed. */
function counted(previous: number, windowStartedAt: Instant | null, at: Instant, window: number) {
  const restart = windowStartedAt === null || at - windowStartedAt >= window;
  return { count: restart ? 1 : previous + 1, windowStartedAt: restart ? at : windowStartedAt };
}

export class SqlLockoutRepository implements LockoutRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialectName,
  ) {}

  async state(tenantId: string, username: string, deviceId: string): Promise<LockoutState> {
    const [device, user] = await Promise.all([
      this.db
        .selectFrom('device_lockouts')
        .select('locked_at')
        .where('tenant_id', '=', tenantId)
        .where('username', '=', username)
        .where('device_id', '=', deviceId)
        .executeTakeFirst(),
      this.userLockedAt(tenantId, username),
    ]);
    return { deviceLockedAt: instant(device?.locked_at), userLockedAt: user };
  }

  recordFailure(
    tenantId: string,
    username: string,
    deviceId: string,
    at: Instant,
    rule: LockoutRule,
  ): Promise<FailureOutcome> {
    // one transaction per failure, its rows locked: concurrent failures count one after another, so the lock
    // point is exact (SQLite serializes writers; PostgreSQL needs the row lock)
    return transact(this.db, async (trx) => {
      const key = { tenant_id: tenantId, username, device_id: deviceId };
      await trx
        .insertInto('device_lockouts')
        .values({ ...key, failures: 0, window_started_at: null, locked_at: null })
        .onConflict((oc) => oc.columns(['tenant_id', 'username', 'device_id']).doNothing())
        .execute();
      const row = await this.locked(
        trx
          .selectFrom('device_lockouts')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('username', '=', username)
          .where('device_id', '=', deviceId),
      ).executeTakeFirstOrThrow();
      const lockedAt = instant(row.locked_at);
      if (lockedAt !== null && at < lockedAt + rule.deviceLockDuration) {
        return { alreadyLocked: true, deviceLocked: false, userLocked: false };
      }
      const failures = counted(
        Number(row.failures),
        instant(row.window_started_at),
        at,
        rule.deviceFailureWindow,
      );
      const deviceLocked = rule.deviceMaxFailures !== 'none' && failures.count >= rule.deviceMaxFailures;
      await trx
        .updateTable('device_lockouts')
        .set(
          deviceLocked
            ? { failures: 0, window_started_at: null, locked_at: at }
            : { failures: failures.count, window_started_at: failures.windowStartedAt, locked_at: null },
        )
        .where('tenant_id', '=', tenantId)
        .where('username', '=', username)
        .where('device_id', '=', deviceId)
        .execute();
      const userLocked = deviceLocked && (await this.countDeviceLock(trx, tenantId, username, at, rule));
      return { alreadyLocked: false, deviceLocked, userLocked };
    });
  }

  /** Counts a device lock towards the user lock; true when it locks the user. */
  private async countDeviceLock(
    trx: Kysely<Database>,
    tenantId: string,
    username: string,
    at: Instant,
    rule: LockoutRule,
  ): Promise<boolean> {
    if (rule.userMaxDeviceLocks === 'none') return false;
    await trx
      .insertInto('user_lockouts')
      .values({ tenant_id: tenantId, username, device_locks: 0, window_started_at: null, locked_at: null })
      .onConflict((oc) => oc.columns(['tenant_id', 'username']).doNothing())
      .execute();
    const row = await this.locked(
      trx
        .selectFrom('user_lockouts')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('username', '=', username),
    ).executeTakeFirstOrThrow();
    const lockedAt = instant(row.locked_at);
    if (lockedAt !== null && at < lockedAt + rule.userLockDuration) return false;
    const locks = counted(
      Number(row.device_locks),
      instant(row.window_started_at),
      at,
      rule.userDeviceLockWindow,
    );
    const userLocked = locks.count >= rule.userMaxDeviceLocks;
    await trx
      .updateTable('user_lockouts')
      .set(
        userLocked
          ? { device_locks: 0, window_started_at: null, locked_at: at }
          : { device_locks: locks.count, window_started_at: locks.windowStartedAt, locked_at: null },
      )
      .where('tenant_id', '=', tenantId)
      .where('username', '=', username)
      .execute();
    return userLocked;
  }

  /** SELECT … FOR UPDATE where the dialect has it (PostgreSQL); SQLite's writers are serialized anyway. */
  private locked<Q extends { forUpdate(): Q }>(query: Q): Q {
    return this.dialect === 'postgres' ? query.forUpdate() : query;
  }

  async clearFailures(tenantId: string, username: string, deviceId: string): Promise<void> {
    await this.db
      .updateTable('device_lockouts')
      .set({ failures: 0, window_started_at: null })
      .where('tenant_id', '=', tenantId)
      .where('username', '=', username)
      .where('device_id', '=', deviceId)
      .execute();
  }

  async unlockUser(tenantId: string, username: string): Promise<void> {
    await transact(this.db, async (trx) => {
      await trx
        .deleteFrom('user_lockouts')
        .where('tenant_id', '=', tenantId)
        .where('username', '=', username)
        .execute();
      await trx
        .deleteFrom('device_lockouts')
        .where('tenant_id', '=', tenantId)
        .where('username', '=', username)
        .execute();
    });
  }

  async userLockedAt(tenantId: string, username: string): Promise<Instant | null> {
    const row = await this.db
      .selectFrom('user_lockouts')
      .select('locked_at')
      .where('tenant_id', '=', tenantId)
      .where('username', '=', username)
      .executeTakeFirst();
    return instant(row?.locked_at);
  }

  async devices(tenantId: string, username: string): Promise<DeviceRecord[]> {
    const rows = await this.db
      .selectFrom('device_lockouts')
      .select(['device_id', 'failures', 'window_started_at', 'locked_at'])
      .where('tenant_id', '=', tenantId)
      .where('username', '=', username)
      .execute();
    return rows.map((row) => ({
      deviceId: row.device_id,
      failures: Number(row.failures),
      windowStartedAt: instant(row.window_started_at),
      lockedAt: instant(row.locked_at),
    }));
  }
}
