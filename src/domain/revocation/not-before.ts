import type {
  NotBeforeOwner,
  NotBeforeSnapshot,
  ServiceStateRepository,
} from '../../ports/service-state-repository.ts';
import type { Instant } from '../clock.ts';
import type { ConfigurationChanges } from '../configuration-changes.ts';

/**
 * The not-before instants of the service, each tenant and each client, held in memory. Invalidating every token
 * of a level is one write here (O(1), no token scan); every check is a few map lookups.
 */
export class NotBeforeRegistry {
  private snapshot: NotBeforeSnapshot = { service: null, tenants: new Map(), clients: new Map() };

  constructor(
    private readonly repository: ServiceStateRepository,
    changes: ConfigurationChanges,
  ) {
    changes.subscribe(() => this.reload());
  }

  /**
   * The latest not-before on a token's path, or null when nothing on it was ever invalidated. Without a client,
   * the path of a login session: the service and the tenant chain.
   */
  latest(tenantIds: readonly string[], clientId?: string): Instant | null {
    let latest = this.snapshot.service;
    for (const id of tenantIds) latest = later(latest, this.snapshot.tenants.get(id));
    return clientId === undefined ? latest : later(latest, this.snapshot.clients.get(clientId));
  }

  /** Invalidates every token of the level issued before `at`; false when the level does not exist. */
  async raise(owner: NotBeforeOwner, at: Instant): Promise<boolean> {
    const found = await this.repository.raiseNotBefore(owner, at);
    if (found) this.remember(owner, at);
    return found;
  }

  async reload(): Promise<void> {
    const loaded = await this.repository.notBefores();
    // merge rather than replace: a load that began before a local raise must not undo it
    this.snapshot = {
      service: later(this.snapshot.service, loaded.service ?? undefined),
      tenants: mergeLatest(this.snapshot.tenants, loaded.tenants),
      clients: mergeLatest(this.snapshot.clients, loaded.clients),
    };
  }

  private remember(owner: NotBeforeOwner, at: Instant): void {
    if (owner.level === 'service') this.snapshot.service = later(this.snapshot.service, at);
    else {
      const map = owner.level === 'tenant' ? this.snapshot.tenants : this.snapshot.clients;
      map.set(owner.id, later(map.get(owner.id) ?? null, at) ?? at);
    }
  }
}

/** The later of two instants, either of which may be missing. */
export function later(a: Instant | null, b: Instant | null | undefined): Instant | null {
  if (b === undefined || b === null) return a;
  return a === null || b > a ? b : a;
}

function mergeLatest(current: Map<string, Instant>, loaded: Map<string, Instant>): Map<string, Instant> {
  const merged = new Map(loaded);
  for (const [id, at] of current) merged.set(id, later(merged.get(id) ?? null, at) ?? at);
  return merged;
}

/**
 * The issued-at of a token minted now. A token issued at or before a not-before instant is invalid. JWT `iat`
 * has whole seconds, so a token minted in the same second as, but after, an invalidation gets the next whole
 * second: `issuedAt > notBefore` then separates old tokens from new ones exactly, even within one millisecond.
 * The result is whole seconds, in milliseconds.
 */
export function issuedAtFor(now: Instant, notBefore: Instant | null): Instant {
  const seconds = Math.floor(now / 1000);
  const floor = notBefore === null ? seconds : Math.max(seconds, Math.floor(notBefore / 1000) + 1);
  return floor * 1000;
}

/** True when a not-before instant on the token's path ends it. */
export const endedByNotBefore = (issuedAt: Instant, notBefore: Instant | null): boolean =>
  notBefore !== null && issuedAt <= notBefore;

/**
 * An instant for something made now (a grant, a login session) that must outlive a not-before of the same
 * millisecond: things made at or before a not-before are ended, so it is dated just after it.
 */
export const createdAfter = (now: Instant, notBefore: Instant | null): Instant =>
  notBefore !== null && now <= notBefore ? notBefore + 1 : now;
