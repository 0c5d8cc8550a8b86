import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import { directQuery, directReads } from './sqlite-direct.ts';
import { TurnBatch } from './turn-batch.ts';

/**
 * A query built with Kysely once and run many times with new parameter values. Building and compiling a query
 * costs tens of microseconds, as much as the token lookup it performs; the hot paths skip it this way.
 * Parameters are marked with unique placeholder strings while building, then located in the compiled list.
 */
export interface PreparedQuery<DB, Params extends string, Row> {
  /** Runs on the database it was prepared for, or inside a transaction of it. */
  execute(values: Readonly<Record<Params, unknown>>, executor?: Kysely<DB>): Promise<QueryResult<Row>>;
  /** Runs once per set of values, outside any transaction; on SQLite all in one read transaction. */
  executeAll(valueSets: ReadonlyArray<Readonly<Record<Params, unknown>>>): Promise<Array<QueryResult<Row>>>;
}

const marker = (name: string): string => `\u0000prepared-parameter:${name}`;

/** `param(name)` stands for a value given at execution; typed `never` so it fits any column. */
export function prepareQuery<DB, Params extends string, Row>(
  db: Kysely<DB>,
  build: (param: (name: Params) => never) => Compilable<Row>,
): PreparedQuery<DB, Params, Row> {
  const compiled = build((name: Params) => marker(name) as never).compile();
  const names = compiled.parameters.map((value) => {
    const name =
      typeof value === 'string' && value.startsWith(marker('')) ? value.slice(marker('').length) : null;
    if (name === null) throw new Error(`prepared query has an unmarked parameter: ${compiled.sql}`);
    return name as Params;
  });
  const direct = directQuery(db, compiled.sql);
  const parametersOf = (values: Readonly<Record<Params, unknown>>) => names.map((name) => values[name]);
  const query: PreparedQuery<DB, Params, Row> = {
    execute(values, executor = db) {
      const parameters = parametersOf(values);
      const now = direct?.on(executor);
      if (now) {
        try {
          return Promise.resolve(now(parameters) as QueryResult<Row>);
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return executor.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters));
    },
    executeAll(valueSets) {
      if (direct) {
        try {
          const results = directReads(db, () =>
            valueSets.map((values) => direct.run(parametersOf(values)) as QueryResult<Row>),
          );
          if (results) return Promise.resolve(results);
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return Promise.all(valueSets.map((values) => query.execute(values)));
    },
  };
  return query;
}

/**
 * Lookups by id submitted in the same turn of the event loop, run together by `executeAll` (one read transaction
 * on SQLite); each caller gets its own first row, or undefined.
 */
export function lookupsByTurn<DB, Row>(
  query: PreparedQuery<DB, 'id', Row>,
): TurnBatch<string, Row | undefined> {
  return new TurnBatch(async (ids) =>
    (await query.executeAll(ids.map((id) => ({ id })))).map((result) => result.rows[0]),
  );
}
