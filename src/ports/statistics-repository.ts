import type { Instant } from '../domain/clock.ts';

/** Tokens issued in one hour (its start), of one tenant, by one grant. */
export interface IssuanceCount {
  hour: Instant;
  tenantId: string;
  grantType: string;
  count: number;
}

/** How many of something happened in each hour. */
export interface HourlyCount {
  hour: Instant;
  /** What was counted: a grant type, or one kind of event. */
  key: string;
  count: number;
}

export interface StatisticsQuery {
  from: Instant;
  to: Instant;
  /** Only these tenants (an administrator's subtree); absent: every tenant. */
  tenantIds?: readonly string[] | undefined;
}

/** Counts over time for the console's overview. */
export interface StatisticsRepository {
  /** Adds counts to the stored ones (rows are created as needed). */
  addIssuance(counts: readonly IssuanceCount[]): Promise<void>;
  /** Tokens issued per hour and grant type, summed over the tenants asked for. */
  issuance(query: StatisticsQuery): Promise<HourlyCount[]>;
  /** Failed logins per hour, from the audit log. */
  failedLogins(query: StatisticsQuery): Promise<HourlyCount[]>;
}
