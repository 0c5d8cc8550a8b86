import cluster from 'node:cluster';
import type { ConfigurationChanges } from '../domain/configuration-changes.ts';
import type { OpaqueTokenCache } from '../domain/tokens/opaque-token-cache.ts';
import type { LockoutRepository } from '../ports/lockout-repository.ts';
import type { RateLimiter } from '../ports/rate-limiter.ts';
import type { Announcement } from './announcement.ts';
import { MemoryRateLimiter } from './memory/memory-rate-limiter.ts';
import { ChangeFanout } from './redis/change-fanout.ts';
import { openRedis } from './redis/connection.ts';
import { RedisLockoutRepository } from './redis/redis-lockout-repository.ts';
import { RedisRateLimiter } from './redis/redis-rate-limiter.ts';
import { WorkerFanout } from './workers/worker-fanout.ts';

/** What instances share beyond the SQL store: counters and cache invalidation. */
export interface ClusterParts {
  rateLimiter: RateLimiter;
  /** Replaces the SQL lockout counters when Redis is configured. */
  lockouts: LockoutRepository | undefined;
  announceRevoked(id: string): Promise<void>;
  /** Starts listening to the other instances. */
  start(changes: ConfigurationChanges, cache: OpaqueTokenCache): Promise<void>;
  close(): Promise<void>;
}

/** Announces this process's changes to the others and applies theirs. */
interface Fanout {
  announce(announcement: Announcement): Promise<void>;
  listen(handle: (announcement: Announcement) => Promise<void>): Promise<void>;
}

/**
 * With REDIS_URL: counters in Redis and pub/sub fan-out of changes and revocations, so every instance sees them
 * at once. Without: counters in this process (rate limits) or the SQL store (lockout); the workers of one
 * `serve --workers N` relay changes and revocations through their primary, at once, and other instances see
 * changes when they poll the configuration version (CHANGE_POLL_INTERVAL).
 */
export function clusterParts(redisUrl: string | undefined, prefix: string): ClusterParts {
  if (redisUrl === undefined) {
    const parts = {
      rateLimiter: new MemoryRateLimiter(),
      lockouts: undefined,
      announceRevoked: async () => undefined,
      start: async () => undefined,
      close: async () => undefined,
    };
    if (!cluster.isWorker) return parts;
    const fanout = new WorkerFanout();
    return {
      ...parts,
      announceRevoked: (id) => fanout.announce({ kind: 'access-token-revoked', id }),
      start: async (changes, cache) => {
        await startFanout(fanout, changes, cache);
        // a change made by another worker between this worker's first reads of the store and its joining the
        // relay was not relayed to it: read once more, now that every later change will be
        await changes.publish('remote');
      },
      close: async () => fanout.close(),
    };
  }
  const redis = openRedis(redisUrl);
  const subscriber = openRedis(redisUrl);
  const fanout = new ChangeFanout(redis, subscriber, `${prefix}changes`);
  return {
    rateLimiter: new RedisRateLimiter(redis, `${prefix}rate:`),
    lockouts: new RedisLockoutRepository(redis, `${prefix}lockout:`),
    announceRevoked: (id) => fanout.announce({ kind: 'access-token-revoked', id }),
    start: (changes, cache) => startFanout(fanout, changes, cache),
    close: async () => {
      await Promise.all([redis.quit(), subscriber.quit()]);
    },
  };
}

/** Announces this process's configuration changes, and applies the others' changes and revocations. */
async function startFanout(fanout: Fanout, changes: ConfigurationChanges, cache: OpaqueTokenCache) {
  changes.subscribe(async (origin) => {
    if (origin === 'local') await fanout.announce({ kind: 'configuration' });
  });
  await fanout.listen(async (announcement) => {
    if (announcement.kind === 'configuration') await changes.publish('remote');
    else cache.delete(announcement.id);
  });
}
