import type { PolicyImpactRepository } from '../../ports/policy-impact-repository.ts';
import type { HourlyCount, StatisticsRepository } from '../../ports/statistics-repository.ts';
import type { UserAdministration } from '../accounts/user-administration.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ClientAdministration } from '../clients/client-administration.ts';
import type { Clock } from '../clock.ts';
import type { PolicyOwner } from '../policy/change.ts';
import type { PolicyWarning } from '../policy/lint.ts';
import type { PolicyAdministration } from '../policy/policy-administration.ts';
import type { ScopeAdministration } from '../scopes/scope-administration.ts';
import type { IssuanceCounts } from '../statistics/issuance-counts.ts';
import type { TenantAdministration } from '../tenants/tenant-administration.ts';
import type { AdminScope } from './admin-scope.ts';
import type { TenantScopes } from './tenant-scopes.ts';

const HOUR_MS = 3_600_000;
/** Bounds on what one overview reads: enough for any console screen, never the whole store. */
export const OVERVIEW_LEVELS_LINTED = 500;
export const OVERVIEW_LOCK_EVENTS_READ = 1_000;

export interface OverviewDeps {
  clock: Clock;
  scopes: TenantScopes;
  impact: PolicyImpactRepository;
  statistics: StatisticsRepository;
  issuance: IssuanceCounts;
  audit: AuditLog;
  users: UserAdministration;
  policies: PolicyAdministration;
  tenants: TenantAdministration;
  clients: ClientAdministration;
  oauthScopes: ScopeAdministration;
}

export interface LevelWarning extends PolicyWarning {
  /** The level whose policy shows the warning (where an operator would act). */
  level: PolicyOwner;
}

export interface Overview {
  from: number;
  to: number;
  liveRefreshFamilies: number;
  liveSessions: number;
  lockedUsers: number;
  tokensIssued: HourlyCount[];
  failedLogins: HourlyCount[];
  warnings: LevelWarning[];
}

/** The state of what an administrator manages, at a glance: live counts, activity over time, lint. */
export class Overviews {
  constructor(private readonly deps: OverviewDeps) {}

  async of(scope: AdminScope, hours: number): Promise<Overview> {
    const { clock, impact, statistics, issuance } = this.deps;
    const now = clock.now();
    const to = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
    const from = to - hours * HOUR_MS;
    const tenantIds = await this.deps.scopes.tenantIds(scope);
    await issuance.flush();
    const owner: PolicyOwner =
      scope.kind === 'service' ? { level: 'service' } : { level: 'tenant', id: scope.tenantId };
    const [live, tokensIssued, failedLogins, lockedUsers, warnings] = await Promise.all([
      impact.liveCounts(owner, now),
      statistics.issuance({ from, to, tenantIds }),
      statistics.failedLogins({ from, to, tenantIds }),
      this.lockedUsers(tenantIds),
      this.warnings(scope, tenantIds),
    ]);
    return {
      from,
      to,
      liveRefreshFamilies: live.refreshFamilies,
      liveSessions: live.sessions,
      lockedUsers,
      tokensIssued,
      failedLogins,
      warnings,
    };
  }

  /**
   * Users locked now, among the users of the most recent lock events (the audit log records every lock, in SQL
   * and in Redis deployments alike); each is checked against the lock store and the current lock duration.
   */
  private async lockedUsers(tenantIds: readonly string[] | undefined): Promise<number> {
    const events = await this.deps.audit.query({
      action: 'user.locked',
      tenantIds,
      limit: OVERVIEW_LOCK_EVENTS_READ,
    });
    const userIds = [
      ...new Set(events.map((event) => event.subject).filter((id): id is string => id !== null)),
    ];
    const locks = await Promise.all(
      userIds.map(async (id) => {
        const user = await this.deps.users.get(id).catch(() => undefined);
        return user ? this.deps.users.lock(user) : undefined;
      }),
    );
    return locks.filter((lock) => lock !== undefined).length;
  }

  /** Policy lint of every level in reach; a warning inherited by many levels is shown once, where it is set. */
  private async warnings(
    scope: AdminScope,
    tenantIds: readonly string[] | undefined,
  ): Promise<LevelWarning[]> {
    const limit = OVERVIEW_LEVELS_LINTED;
    const [tenants, clients, scopes] = await Promise.all([
      this.deps.tenants.list({ limit, ...(tenantIds !== undefined && { ids: tenantIds }) }),
      this.deps.clients.list({ limit, ...(tenantIds !== undefined && { tenantIds }) }),
      scope.kind === 'service' ? this.deps.oauthScopes.list() : Promise.resolve([]),
    ]);
    const owners: PolicyOwner[] = [
      ...(scope.kind === 'service' ? [{ level: 'service' } as const] : []),
      ...tenants.map((t) => ({ level: 'tenant' as const, id: t.id })),
      ...clients.map((c) => ({ level: 'client' as const, id: c.id })),
      ...scopes.slice(0, limit).map((s) => ({ level: 'scope' as const, id: s.name })),
    ];
    const seen = new Set<string>();
    const found: LevelWarning[] = [];
    for (const level of owners) {
      const { warnings } = await this.deps.policies.view(level);
      for (const warning of warnings) {
        const key = `${warning.setting}\u0000${warning.message}\u0000${JSON.stringify(warning.source)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        found.push({ ...warning, level });
      }
    }
    return found;
  }
}
