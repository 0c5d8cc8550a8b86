import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A private database for one test: in-memory SQLite by default; when LIFESPAN_TEST_POSTGRES names a PostgreSQL
 * server, a fresh schema on it (dropped at the end), so any test file can run on PostgreSQL too.
 */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function freshSchema(serverUrl: string): Promise<TestDatabase> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

export async function testDatabase(): Promise<TestDatabase> {
  const server = process.env.LIFESPAN_TEST_POSTGRES;
  if (server) return freshSchema(server);
  return { url: 'sqlite::memory:', drop: async () => undefined };
}

/** With LIFESPAN_TEST_REDIS, a Redis for the test under a key prefix of its own. */
export function testRedis(): Record<string, string> {
  const url = process.env.LIFESPAN_TEST_REDIS;
  return url ? { REDIS_URL: url, REDIS_KEY_PREFIX: `test:${randomBytes(6).toString('hex')}:` } : {};
}
