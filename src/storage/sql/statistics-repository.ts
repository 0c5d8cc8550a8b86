import { type Kysely, sql } from 'kysely';
import type {
  HourlyCount,
  IssuanceCount,
  StatisticsQuery,
  StatisticsRepository,
} from '../../ports/statistics-repository.ts';
import type { Database } from './schema.ts';
import { transact } from './transactions.ts';

const HOUR_MS = 3_600_000;

export class SqlStatisticsRepository implements StatisticsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async addIssuance(counts: readonly IssuanceCount[]): Promise<void> {
    if (counts.length === 0) return;
    await transact(this.db, async (trx) => {
      for (const count of counts) {
        await trx
          .insertInto('issuance_counts')
          .values({
            hour: count.hour,
            tenant_id: count.tenantId,
            grant_type: count.grantType,
            count: count.count,
          })
          .onConflict((conflict) =>
            conflict
              .columns(['hour', 'tenant_id', 'grant_type'])
              .doUpdateSet((eb) => ({ count: eb('issuance_counts.count', '+', eb.ref('excluded.count')) })),
          )
          .execute();
      }
    });
  }

  async issuance({ from, to, tenantIds }: StatisticsQuery): Promise<HourlyCount[]> {
    if (tenantIds?.length === 0) return [];
    let select = this.db
      .selectFrom('issuance_counts')
      .select(['hour', 'grant_type as key'])
      .select((eb) => eb.fn.sum<number>('count').as('count'))
      .where('hour', '>=', from)
      .where('hour', '<', to)
      .groupBy(['hour', 'grant_type'])
      .orderBy('hour')
      .orderBy('grant_type');
    if (tenantIds !== undefined) select = select.where('tenant_id', 'in', tenantIds);
    return (await select.execute()).map((row) => ({
      hour: Number(row.hour),
      key: row.key,
      count: Number(row.count),
    }));
  }

  async failedLogins({ from, to, tenantIds }: StatisticsQuery): Promise<HourlyCount[]> {
    if (tenantIds?.length === 0) return [];
    let select = this.db
      .selectFrom('audit_events')
      // instants are integers: integer division floors them to the hour on both dialects. The hour is a literal:
      // a bound number is a REAL to SQLite, and REAL division would keep the minutes
      .select((eb) => eb(eb(eb.ref('at'), '/', sql.lit(HOUR_MS)), '*', sql.lit(HOUR_MS)).as('hour'))
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('action', '=', 'login')
      .where('outcome', '=', 'failure')
      .where('at', '>=', from)
      .where('at', '<', to)
      .groupBy('hour')
      .orderBy('hour');
    if (tenantIds !== undefined) select = select.where('tenant_id', 'in', tenantIds);
    return (await select.execute()).map((row) => ({
      hour: Number(row.hour),
      key: 'failed-login',
      count: Number(row.count),
    }));
  }
}
