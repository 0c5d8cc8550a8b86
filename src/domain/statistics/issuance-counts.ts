import type { IssuanceCount, StatisticsRepository } from '../../ports/statistics-repository.ts';
import type { Clock } from '../clock.ts';

const HOUR_MS = 3_600_000;

/**
 * Counts issued tokens per hour, tenant and grant in memory, and adds them to the store on `flush` (every few
 * seconds, and before the counts are read). Counting a token is a map update: the token endpoint's hot path
 * gains no I/O. A process that dies loses at most the counts since its last flush; tokens are unaffected.
 */
export class IssuanceCounts {
  private pending = new Map<string, IssuanceCount>();

  constructor(
    private readonly clock: Clock,
    private readonly statistics: StatisticsRepository,
  ) {}

  record(tenantId: string, grantType: string): void {
    const hour = Math.floor(this.clock.now() / HOUR_MS) * HOUR_MS;
    this.add({ hour, tenantId, grantType, count: 1 });
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const counts = [...this.pending.values()];
    this.pending = new Map();
    try {
      await this.statistics.addIssuance(counts);
    } catch (error) {
      // kept for the next flush rather than lost
      for (const count of counts) this.add(count);
      throw error;
    }
  }

  private add(count: IssuanceCount): void {
    const key = `${count.hour}\u0000${count.tenantId}\u0000${count.grantType}`;
    const counted = this.pending.get(key);
    if (counted) counted.count += count.count;
    else this.pending.set(key, { ...count });
  }
}
