import { Redis } from 'ioredis';

/** A Redis connection from REDIS_URL (redis://host:port/db). */
export function openRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false, enableReadyCheck: true });
}
