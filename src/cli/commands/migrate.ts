import type { Command } from 'commander';
import { loadConfig } from '../../config/load.ts';
import { migrateToLatest, openDatabase } from '../../storage/sql/database.ts';
import { withJson } from '../options.ts';
import { emit, type OutputOptions } from '../output.ts';

export function registerMigrate(program: Command): void {
  withJson(
    program.command('migrate').description('bring the database schema (DATABASE_URL) to the latest version'),
  ).action(async (options: OutputOptions) => {
    const database = openDatabase(loadConfig(process.env).databaseUrl);
    let applied: string[];
    try {
      applied = await migrateToLatest(database.db, database.dialect);
    } finally {
      await database.close();
    }
    emit(options, { applied }, () =>
      applied.length === 0 ? 'up to date' : applied.map((name) => `applied ${name}`).join('\n'),
    );
  });
}
