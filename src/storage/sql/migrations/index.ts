import type { Migration, MigrationProvider } from 'kysely';
import * as core from './0001-core.ts';
import * as accounts from './0002-accounts.ts';
import * as lifecycle from './0003-lifecycle.ts';
import * as liveRefreshIndex from './0004-live-refresh-index.ts';
import * as tokenTablesWithoutRowid from './0005-token-tables-without-rowid.ts';
import * as administrators from './0006-administrators.ts';
import * as issuanceCounts from './0007-issuance-counts.ts';
import * as revocationFeed from './0008-revocation-feed.ts';

/** Migrations live in code so the same list runs on every dialect and ships with the package. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async (): Promise<Record<string, Migration>> => ({
    '0001-core': core,
    '0002-accounts': accounts,
    '0003-lifecycle': lifecycle,
    '0004-live-refresh-index': liveRefreshIndex,
    '0005-token-tables-without-rowid': tokenTablesWithoutRowid,
    '0006-administrators': administrators,
    '0007-issuance-counts': issuanceCounts,
    '0008-revocation-feed': revocationFeed,
  }),
};
