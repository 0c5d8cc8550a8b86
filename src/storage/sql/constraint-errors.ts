import { Conflict } from '../../domain/errors.ts';

const codeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;

/** SQLite and PostgreSQL name constraint violations differently; both become a domain Conflict. */
const KINDS = {
  unique: ['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE', '23505'],
  // SQLite reports ON DELETE RESTRICT as a trigger constraint
  foreignKey: ['SQLITE_CONSTRAINT_FOREIGNKEY', 'SQLITE_CONSTRAINT_TRIGGER', '23503'],
} as const;

export const conflictOn =
  (messages: Partial<Record<keyof typeof KINDS, string>>) =>
  (error: unknown): never => {
    const code = codeOf(error);
    for (const [kind, codes] of Object.entries(KINDS) as [keyof typeof KINDS, readonly string[]][]) {
      const message = messages[kind];
      if (message !== undefined && codes.includes(code as string)) throw new Conflict(message);
    }
    throw error;
  };
