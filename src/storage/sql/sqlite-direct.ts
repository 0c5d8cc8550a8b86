import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely, QueryResult } from 'kysely';

/**
 * better-sqlite3 under Kysely, reached directly on the hot paths. Kysely runs every query through a promise
 * chain and a connection mutex, which costs more than the token lookups and inserts themselves (measured with
 * `npm run bench`: the refresh grant and client credentials with opaque tokens). Here:
 * - a prepared query outside any transaction runs synchronously when the connection is not inside a
 *   transaction (inside one, a read could see writes that are about to be rolled back: those go through Kysely
 *   and wait for the transaction to end);
 * - a transaction holds Kysely's connection for its whole length, so nothing else interleaves, and the
 *   prepared queries inside it run synchronously too.
 */
const handles = new WeakMap<object, BetterSqlite3.Database>();
/** The connection-bound Kysely instances of open direct transactions, with their handle. */
const transactions = new WeakMap<object, BetterSqlite3.Database>();
/** Each handle's transaction statements, prepared once: every batch of the hot paths runs two of them. */
const control = new WeakMap<
  BetterSqlite3.Database,
  Record<'begin' | 'beginImmediate' | 'commit' | 'rollback', BetterSqlite3.Statement>
>();

export function registerSqliteHandle(db: object, handle: BetterSqlite3.Database): void {
  handles.set(db, handle);
  control.set(handle, {
    begin: handle.prepare('begin'),
    // IMMEDIATE takes the write lock at once: a read-then-write transaction never fails with SQLITE_BUSY_SNAPSHOT
    beginImmediate: handle.prepare('begin immediate'),
    commit: handle.prepare('commit'),
    rollback: handle.prepare('rollback'),
  });
}

const statementsOf = (handle: BetterSqlite3.Database) => {
  const statements = control.get(handle);
  if (!statements) throw new Error('SQLite handle used before it was registered');
  return statements;
};

/** Whether `db` is a SQLite database with its direct path. */
export const runsOnSqlite = (db: object): boolean => handles.has(db);

/** Runs a statement's SQL on a handle, giving Kysely's result shape. */
export type DirectStatement = (parameters: readonly unknown[]) => QueryResult<unknown>;

/** A prepared query's direct ways to run on SQLite. */
export interface DirectQuery {
  /** The statement, to run now on `executor` (the database or a transaction of it), or undefined if it may not. */
  on(executor: object): DirectStatement | undefined;
  /** The statement, for `directReads`. */
  run: DirectStatement;
}

/** For a prepared query of `db`, its direct ways to run; undefined when `db` is not SQLite. */
export function directQuery(db: object, sql: string): DirectQuery | undefined {
  const handle = handles.get(db);
  if (!handle) return undefined;
  let prepared: BetterSqlite3.Statement | undefined;
  const run: DirectStatement = (parameters) => {
    prepared ??= handle.prepare(sql);
    if (prepared.reader) return { rows: prepared.all(parameters) };
    const { changes } = prepared.run(parameters);
    return { rows: [], numAffectedRows: BigInt(changes) };
  };
  return {
    run,
    on: (executor) => {
      if (executor === db) return handle.inTransaction ? undefined : run;
      return transactions.get(executor) === handle ? run : undefined;
    },
  };
}

/**
 * Runs `reads` in one read transaction on SQLite, synchronously, when the connection is not inside a
 * transaction: each statement outside a transaction opens and closes its own, which costs as much as a token
 * lookup itself (a shared-memory lock taken and released). Undefined when it must go through Kysely.
 */
export function directReads<T>(db: object, reads: () => T): T | undefined {
  const handle = handles.get(db);
  if (!handle || handle.inTransaction) return undefined;
  const { begin, commit } = statementsOf(handle);
  begin.run();
  try {
    return reads();
  } finally {
    commit.run();
  }
}

/** A transaction on SQLite with Kysely's connection held throughout; undefined when `db` is not SQLite. */
export function sqliteTransaction<DB, T>(
  db: Kysely<DB>,
  work: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> | undefined {
  const handle = handles.get(db);
  if (!handle) return undefined;
  const { beginImmediate, commit, rollback } = statementsOf(handle);
  return db.connection().execute(async (connection) => {
    beginImmediate.run();
    transactions.set(connection, handle);
    try {
      const result = await work(connection);
      commit.run();
      return result;
    } catch (error) {
      if (handle.inTransaction) rollback.run();
      throw error;
    } finally {
      transactions.delete(connection);
    }
  });
}
