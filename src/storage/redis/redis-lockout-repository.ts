import type { Redis } from 'ioredis';
import type { Instant } from '../../domain/clock.ts';
import type {
  DeviceRecord,
  FailureOutcome,
  LockoutRepository,
  LockoutRule,
  LockoutState,
} from '../../ports/lockout-repository.ts';

/**
 * The failure counting of the SQL repository as one Lua script, so that it is atomic in Redis: a window that
 * restarts when it has passed, a device lock at `maxFailures`, and a user lock at `maxDeviceLocks` device locks.
 * KEYS: device hash, user hash. ARGV: at, failure window, device lock, max failures (0: none), device-lock
 * window, user lock, max device locks (0: none). Returns [alreadyLocked, deviceLocked, userLocked].
 */
const RECORD_FAILURE = `
local at = tonumber(ARGV[1])
local function count(key, field, window)
  local started = tonumber(redis.call('HGET', key, 'windowStartedAt') or '')
  local value = tonumber(redis.call('HGET', key, field) or '0')
  if started == nil or at - started >= window then return 1, at end
  return value + 1, started
end
local deviceLockedAt = tonumber(redis.call('HGET', KEYS[1], 'lockedAt') or '')
if deviceLockedAt ~= nil and at < deviceLockedAt + tonumber(ARGV[3]) then return {1, 0, 0} end
local failures, started = count(KEYS[1], 'failures', tonumber(ARGV[2]))
local maxFailures = tonumber(ARGV[4])
local keep = math.max(tonumber(ARGV[2]), tonumber(ARGV[3]))
if maxFailures > 0 and failures >= maxFailures then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'failures', 0, 'lockedAt', at)
  redis.call('PEXPIRE', KEYS[1], keep)
else
  redis.call('HSET', KEYS[1], 'failures', failures, 'windowStartedAt', started)
  redis.call('HDEL', KEYS[1], 'lockedAt')
  redis.call('PEXPIRE', KEYS[1], keep)
  return {0, 0, 0}
end
local maxDeviceLocks = tonumber(ARGV[7])
if maxDeviceLocks == 0 then return {0, 1, 0} end
local userLockedAt = tonumber(redis.call('HGET', KEYS[2], 'lockedAt') or '')
if userLockedAt ~= nil and at < userLockedAt + tonumber(ARGV[6]) then return {0, 1, 0} end
local locks, lockStarted = count(KEYS[2], 'deviceLocks', tonumber(ARGV[5]))
local keepUser = math.max(tonumber(ARGV[5]), tonumber(ARGV[6]))
if locks >= maxDeviceLocks then
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[2], 'deviceLocks', 0, 'lockedAt', at)
  redis.call('PEXPIRE', KEYS[2], keepUser)
  return {0, 1, 1}
end
redis.call('HSET', KEYS[2], 'deviceLocks', locks, 'windowStartedAt', lockStarted)
redis.call('HDEL', KEYS[2], 'lockedAt')
redis.call('PEXPIRE', KEYS[2], keepUser)
return {0, 1, 0}
`;

/** Resets a device's failure count, keeping its lock; a device with no record gets none. */
const CLEAR_FAILURES = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'failures', 0)
  redis.call('HDEL', KEYS[1], 'windowStartedAt')
end
return 0
`;

const count = (value: number | 'none'): number => (value === 'none' ? 0 : value);
const instant = (value: string | null): Instant | null =>
  value === null || value === '' ? null : Number(value);

/** Lockout counters in Redis, shared by every instance. */
export class RedisLockoutRepository implements LockoutRepository {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  // components are JSON-encoded so that no username or device id can collide with another key
  private deviceKey(tenantId: string, username: string, deviceId: string): string {
    return `${this.prefix}device:${JSON.stringify([tenantId, username, deviceId])}`;
  }

  private userKey(tenantId: string, username: string): string {
    return `${this.prefix}user:${JSON.stringify([tenantId, username])}`;
  }

  private devicesKey(tenantId: string, username: string): string {
    return `${this.prefix}devices:${JSON.stringify([tenantId, username])}`;
  }

  async state(tenantId: string, username: string, deviceId: string): Promise<LockoutState> {
    const [device, user] = await Promise.all([
      this.redis.hget(this.deviceKey(tenantId, username, deviceId), 'lockedAt'),
      this.redis.hget(this.userKey(tenantId, username), 'lockedAt'),
    ]);
    return { deviceLockedAt: instant(device), userLockedAt: instant(user) };
  }

  async recordFailure(
    tenantId: string,
    username: string,
    deviceId: string,
    at: Instant,
    rule: LockoutRule,
  ): Promise<FailureOutcome> {
    const deviceKey = this.deviceKey(tenantId, username, deviceId);
    const devicesKey = this.devicesKey(tenantId, username);
    const keep = Math.max(
      rule.deviceFailureWindow,
      rule.deviceLockDuration,
      rule.userDeviceLockWindow,
      rule.userLockDuration,
    );
    // remembered so that an unlock can clear every device of the username
    await this.redis.multi().sadd(devicesKey, deviceKey).pexpire(devicesKey, keep).exec();
    const [alreadyLocked, deviceLocked, userLocked] = (await this.redis.eval(
      RECORD_FAILURE,
      2,
      deviceKey,
      this.userKey(tenantId, username),
      at,
      rule.deviceFailureWindow,
      rule.deviceLockDuration,
      count(rule.deviceMaxFailures),
      rule.userDeviceLockWindow,
      rule.userLockDuration,
      count(rule.userMaxDeviceLocks),
    )) as [number, number, number];
    return {
      alreadyLocked: alreadyLocked === 1,
      deviceLocked: deviceLocked === 1,
      userLocked: userLocked === 1,
    };
  }

  async clearFailures(tenantId: string, username: string, deviceId: string): Promise<void> {
    await this.redis.eval(CLEAR_FAILURES, 1, this.deviceKey(tenantId, username, deviceId));
  }

  async unlockUser(tenantId: string, username: string): Promise<void> {
    const devices = await this.redis.smembers(this.devicesKey(tenantId, username));
    await this.redis.del(this.userKey(tenantId, username), this.devicesKey(tenantId, username), ...devices);
  }

  async userLockedAt(tenantId: string, username: string): Promise<Instant | null> {
    return instant(await this.redis.hget(this.userKey(tenantId, username), 'lockedAt'));
  }

  async devices(tenantId: string, username: string): Promise<DeviceRecord[]> {
    const keys = await this.redis.smembers(this.devicesKey(tenantId, username));
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.hgetall(key);
    const hashes = (await pipeline.exec()) ?? [];
    const records: DeviceRecord[] = [];
    keys.forEach((key, index) => {
      const [error, hash] = hashes[index] ?? [];
      const fields = hash as Record<string, string> | undefined;
      // a device key that has expired (its windows and lock have passed) is an empty hash: nothing to report
      if (error || !fields || Object.keys(fields).length === 0) return;
      const [, , deviceId] = JSON.parse(key.slice(this.prefix.length + 'device:'.length)) as string[];
      records.push({
        deviceId: deviceId ?? '',
        failures: Number(fields.failures ?? 0),
        windowStartedAt: instant(fields.windowStartedAt ?? null),
        lockedAt: instant(fields.lockedAt ?? null),
      });
    });
    return records;
  }
}
