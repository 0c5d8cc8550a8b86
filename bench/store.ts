import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { countTokens } from './preload.ts';
import { childrenOf, parentOf } from './process-tree.ts';

export type StoreKind = 'sqlite' | 'postgres';

/** Where Lifespan keeps its data during a benchmark. */
export interface BenchStore {
  kind: StoreKind;
  /** Lifespan's DATABASE_URL. */
  databaseUrl: string;
  /** How the table and the JSON name it. */
  description: string;
  /** The database server's processes working for this store; none for SQLite (it runs inside Lifespan). */
  processIds: (() => number[]) | undefined;
  /** Rows in the access token table. */
  tokenRows(): Promise<number>;
  /** Drops what `createStore` made (the PostgreSQL database; the SQLite file goes with its directory). */
  remove(): Promise<void>;
}

/** The PostgreSQL server the benchmark creates its database on (trust authentication). */
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

async function withPostgres<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${POSTGRES_URL}/${database}` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The PostgreSQL processes that work for one database: its backends (their command line names it) and the
 * server's helpers that serve every database (WAL writer, checkpointer, background writer, autovacuum);
 * backends of other databases are left out.
 */
function postgresProcesses(postmaster: number, database: string): number[] {
  const ours = childrenOf(postmaster).filter((pid) => {
    let commandLine: string;
    try {
      commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      return false;
    }
    const backend = commandLine.includes('(') || commandLine.includes('[local]');
    return !backend || commandLine.includes(` ${database} `);
  });
  return [postmaster, ...ours];
}

async function createPostgresStore(): Promise<BenchStore> {
  const database = `lifespan_bench_${process.pid}_${Date.now()}`;
  const postmaster = await withPostgres('postgres', async (client) => {
    await client.query(`create database ${database}`);
    const backend = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
    // the parent of this connection's backend (read while it lives) is the postmaster; when /proc does not
    // show it, the store's CPU is not measured
    return backend === undefined ? undefined : parentOf(backend);
  });
  return {
    kind: 'postgres',
    databaseUrl: `${POSTGRES_URL}/${database}`,
    description: `PostgreSQL (${new URL(POSTGRES_URL).host}, fresh database, not pinned)`,
    processIds: postmaster === undefined ? undefined : () => postgresProcesses(postmaster, database),
    tokenRows: () =>
      withPostgres(database, async (client) => {
        const row = await client.query<{ n: string }>('select count(*) as n from access_tokens');
        return Number(row.rows[0]?.n ?? 0);
      }),
    remove: () =>
      withPostgres('postgres', async (client) => {
        await client.query(`drop database if exists ${database} with (force)`);
      }),
  };
}

/** A fresh store: a SQLite file in `directory`, or a new PostgreSQL database. */
export async function createStore(kind: StoreKind, directory: string): Promise<BenchStore> {
  if (kind === 'postgres') return createPostgresStore();
  const path = join(directory, 'lifespan.db');
  return {
    kind,
    databaseUrl: `sqlite:${path}`,
    description: 'SQLite file',
    processIds: undefined,
    tokenRows: async () => countTokens(path),
    remove: async () => undefined,
  };
}
