import type { Clock, Instant } from '../clock.ts';
import type { ConfigurationChanges } from '../configuration-changes.ts';
import type { NotBeforeRegistry } from '../revocation/not-before.ts';

/** Service-wide actions. */
export class ServiceAdministration {
  constructor(
    private readonly clock: Clock,
    private readonly notBefores: NotBeforeRegistry,
    private readonly changes: ConfigurationChanges,
  ) {}

  /** Ends every token of the service issued until now. */
  async expireTokens(): Promise<Instant> {
    const now = this.clock.now();
    await this.notBefores.raise({ level: 'service' }, now);
    await this.changes.publish();
    return now;
  }
}
