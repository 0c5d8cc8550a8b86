import { ConfigError } from '../config/load.ts';
import { ManagementError, ValidationFailed } from '../domain/errors.ts';
import { DatabaseUrlError } from '../storage/sql/database.ts';

/** A command line that cannot run as given (beyond what commander itself checks). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const PREFIX = 'lifespan:';

/**
 * The lines that explain an expected failure to the operator, or undefined for an unexpected one (a bug,
 * which keeps its stack trace). A validation failure names every field problem on its own line.
 */
export function failureLines(error: unknown): string[] | undefined {
  if (error instanceof ValidationFailed) {
    return [
      `${PREFIX} ${error.message}`,
      ...error.problems.map((problem) => `  ${problem.field}: ${problem.message}`),
    ];
  }
  // not found, conflict
  if (error instanceof ManagementError) return [`${PREFIX} ${error.message}`];
  if (error instanceof ConfigError) return [`${PREFIX} configuration error: ${error.message}`];
  if (error instanceof DatabaseUrlError || error instanceof UsageError) return [`${PREFIX} ${error.message}`];
  // better-sqlite3's errors: a file that cannot be opened, a locked database …
  if (error instanceof Error && error.name === 'SqliteError') {
    return [`${PREFIX} database error: ${error.message}`];
  }
  return undefined;
}

/** Prints a failure to stderr and sets the exit code to 1. */
export function reportFailure(error: unknown): void {
  const lines = failureLines(error);
  if (lines) for (const line of lines) process.stderr.write(`${line}\n`);
  else console.error(error);
  process.exitCode = 1;
}
