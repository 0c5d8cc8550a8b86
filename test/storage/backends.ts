/**
 * The backends the storage contract suite runs against: SQLite always, PostgreSQL when TEST_DATABASE_URL names a
 * server (a fresh schema per test, dropped afterwards), and for the Redis-backed ports Redis when TEST_REDIS_URL
 * does (a key prefix per test, its keys deleted afterwards). Test files `describe.each` over these lists, so every
 * contract runs once per available backend.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Redis } from 'ioredis';
import type { LockoutRepository } from '../../src/ports/lockout-repository.ts';
import type { RateLimiter } from '../../src/ports/rate-limiter.ts';
import { MemoryRateLimiter } from '../../src/storage/memory/memory-rate-limiter.ts';
import { RedisLockoutRepository } from '../../src/storage/redis/redis-lockout-repository.ts';
import { RedisRateLimiter } from '../../src/storage/redis/redis-rate-limiter.ts';
import { migrateToLatest, openDatabase, type SqlDatabase } from '../../src/storage/sql/database.ts';
import { type Repositories, sqlRepositories } from '../../src/storage/sql/repositories.ts';
import { freshSchema } from '../support/databases.ts';
import type { PeerReply, PeerRequest } from './sqlite-peer.ts';

const postgresUrl = process.env.TEST_DATABASE_URL || undefined;
const redisUrl = process.env.TEST_REDIS_URL || undefined;

/** One test's private database. */
export interface SqlStore {
  repos: Repositories;
  close(): Promise<void>;
}

/** A database with a second connection, as a second server instance has, for races between instances. */
export interface SharedSqlStore extends SqlStore {
  peer: Repositories;
}

export interface SqlBackend {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated database (SQLite: in memory). */
  open(): Promise<SqlStore>;
  /** A fresh, migrated database with two connections (SQLite: a temporary file). */
  openShared(): Promise<SharedSqlStore>;
}

async function migrated(url: string): Promise<SqlDatabase> {
  const database = openDatabase(url);
  try {
    await migrateToLatest(database.db, database.dialect);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

const sqlite: SqlBackend = {
  name: 'sqlite',
  async open() {
    const database = await migrated('sqlite::memory:');
    return { repos: sqlRepositories(database), close: () => database.close() };
  },
  async openShared() {
    const directory = mkdtempSync(join(tmpdir(), 'lifespan-storage-'));
    const url = `sqlite:${join(directory, 'lifespan.sqlite')}`;
    const database = await migrated(url);
    const peer = await sqlitePeer(url).catch(async (error: unknown) => {
      await database.close();
      throw error;
    });
    return {
      repos: sqlRepositories(database),
      peer: peer.repos,
      close: async () => {
        await peer.close();
        await database.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  },
};

function postgres(serverUrl: string): SqlBackend {
  async function openWith(connections: 1 | 2) {
    const schema = await freshSchema(serverUrl);
    const databases: SqlDatabase[] = [];
    try {
      databases.push(await migrated(schema.url));
      if (connections === 2) databases.push(openDatabase(schema.url));
    } catch (error) {
      await Promise.all(databases.map((database) => database.close()));
      await schema.drop();
      throw error;
    }
    const close = async () => {
      await Promise.all(databases.map((database) => database.close()));
      await schema.drop();
    };
    return { repositories: databases.map(sqlRepositories), close };
  }
  return {
    name: 'postgres',
    async open() {
      const { repositories, close } = await openWith(1);
      return { repos: only(repositories[0]), close };
    },
    async openShared() {
      const { repositories, close } = await openWith(2);
      return { repos: only(repositories[0]), peer: only(repositories[1]), close };
    },
  };
}

function only<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing value');
  return value;
}

export const sqlBackends: SqlBackend[] = [sqlite, ...(postgresUrl ? [postgres(postgresUrl)] : [])];

/**
 * The peer connection: a worker thread with its own better-sqlite3 connection, its repositories reached through
 * messages. The worker loads TypeScript through tsx's loader, registered in the worker itself.
 */
async function sqlitePeer(url: string): Promise<{ repos: Repositories; close(): Promise<void> }> {
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const entry = new URL('./sqlite-peer.ts', import.meta.url).href;
  const worker = new Worker(
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`,
    { eval: true, workerData: { url } },
  );
  let nextId = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  let onReady: { resolve(): void; reject(error: unknown): void } | undefined;
  let onClosed: (() => void) | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = { resolve, reject };
  });
  worker.on('message', (reply: PeerReply) => {
    if (reply.kind === 'ready') onReady?.resolve();
    else if (reply.kind === 'closed') onClosed?.();
    else {
      const call = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.kind === 'result') call?.resolve(reply.value);
      else call?.reject(Object.assign(new Error(reply.message), { name: reply.name, code: reply.code }));
    }
  });
  worker.on('error', (error) => {
    onReady?.reject(error);
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  });
  await ready;
  const send = (request: PeerRequest) => worker.postMessage(request);
  const repository = (name: string) =>
    new Proxy(
      {},
      {
        get: (_target, method) =>
          typeof method !== 'string' || method === 'then'
            ? undefined
            : (...args: unknown[]) =>
                new Promise((resolve, reject) => {
                  const id = nextId++;
                  pending.set(id, { resolve, reject });
                  send({ kind: 'call', id, repository: name, method, args });
                }),
      },
    );
  const repos = new Proxy({} as Repositories, {
    get: (_target, name) => (typeof name !== 'string' || name === 'then' ? undefined : repository(name)),
  });
  return {
    repos,
    close: async () => {
      const closed = new Promise<void>((resolve) => {
        onClosed = resolve;
      });
      send({ kind: 'close' });
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      await worker.terminate();
    },
  };
}

/** A Redis key space of one test: every key under `prefix`, deleted at close. */
export interface RedisSpace {
  /** Two connections, as two server instances have. */
  clients: [Redis, Redis];
  prefix: string;
  close(): Promise<void>;
}

export async function redisSpace(url: string): Promise<RedisSpace> {
  const prefix = `test:${randomBytes(6).toString('hex')}:`;
  const clients: [Redis, Redis] = [new Redis(url), new Redis(url)];
  return {
    clients,
    prefix,
    close: async () => {
      const [redis] = clients;
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await Promise.all(clients.map((client) => client.quit()));
    },
  };
}

/** A lockout store and a second instance's view of the same counters. */
export interface LockoutStore {
  lockouts: LockoutRepository;
  other: LockoutRepository;
  close(): Promise<void>;
}

export interface LockoutBackend {
  name: string;
  open(): Promise<LockoutStore>;
}

export const lockoutBackends: LockoutBackend[] = [
  ...sqlBackends.map(
    (backend): LockoutBackend => ({
      name: backend.name,
      async open() {
        const store = await backend.openShared();
        return { lockouts: store.repos.lockouts, other: store.peer.lockouts, close: store.close };
      },
    }),
  ),
  ...(redisUrl
    ? [
        {
          name: 'redis',
          async open(): Promise<LockoutStore> {
            const space = await redisSpace(redisUrl);
            const [first, second] = space.clients;
            return {
              lockouts: new RedisLockoutRepository(first, `${space.prefix}lockout:`),
              other: new RedisLockoutRepository(second, `${space.prefix}lockout:`),
              close: space.close,
            };
          },
        },
      ]
    : []),
];

/** A rate limiter and a second instance's (the same one in memory: the memory limiter is per process). */
export interface RateLimiterStore {
  limiter: RateLimiter;
  other: RateLimiter;
  close(): Promise<void>;
}

export interface RateLimiterBackend {
  name: string;
  open(): Promise<RateLimiterStore>;
}

export const rateLimiterBackends: RateLimiterBackend[] = [
  {
    name: 'memory',
    async open() {
      const limiter = new MemoryRateLimiter();
      return { limiter, other: limiter, close: async () => undefined };
    },
  },
  ...(redisUrl
    ? [
        {
          name: 'redis',
          async open(): Promise<RateLimiterStore> {
            const space = await redisSpace(redisUrl);
            const [first, second] = space.clients;
            return {
              limiter: new RedisRateLimiter(first, `${space.prefix}rate:`),
              other: new RedisRateLimiter(second, `${space.prefix}rate:`),
              close: space.close,
            };
          },
        },
      ]
    : []),
];
