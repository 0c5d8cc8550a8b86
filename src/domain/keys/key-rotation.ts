import type { GrantRepository } from '../../ports/grant-repository.ts';
import type { PolicyCatalogRepository } from '../../ports/policy-catalog-repository.ts';
import type { SigningKeyRepository } from '../../ports/signing-key-repository.ts';
import type { AuditContext } from '../audit/audit-event.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { ConfigurationChanges } from '../configuration-changes.ts';
import { Conflict } from '../errors.ts';
import type { PolicyDocument } from '../policy/document.ts';
import { DEFAULT_SETTINGS, type SigningAlgorithm } from '../policy/settings.ts';
import type { KeyRing } from './key-ring.ts';
import { longestSignedLifetime } from './signed-lifetime.ts';

export type RotationMode = 'graceful' | 'revoke';

/** Verifiers may cache the JWKS this long (its Cache-Control max-age): a graceful successor waits it out. */
export const PUBLISH_AHEAD_SECONDS = 300;

/**
 * Signing-key rotation. `graceful`: the new key is published now and signs after PUBLISH_AHEAD_SECONDS; the old
 * key then retires but stays published until the longest-lived token it may have signed has expired.
 * `revoke` (seed 004's "Generate"): the new key signs at once, the old key is withdrawn, and every family whose
 * latest access token it signed ends — so everything it signed is invalid at once, refresh tokens included.
 */
export class KeyRotation {
  constructor(
    private readonly clock: Clock,
    private readonly keys: KeyRing,
    private readonly repository: SigningKeyRepository,
    private readonly grants: GrantRepository,
    private readonly policies: PolicyCatalogRepository,
    private readonly configured: PolicyDocument,
    private readonly changes: ConfigurationChanges,
    private readonly audit: AuditLog,
  ) {}

  async rotate(
    algorithm: SigningAlgorithm | undefined,
    mode: RotationMode,
    context: AuditContext,
  ): Promise<string> {
    const chosen = algorithm ?? this.configured.signingAlgorithm ?? DEFAULT_SETTINGS.signingAlgorithm;
    const pending = this.keys.list().find((k) => k.algorithm === chosen && k.status === 'next');
    if (pending && mode === 'graceful') {
      throw new Conflict(
        `a ${chosen} key is already published and signs from ${new Date(pending.activatesAt).toISOString()}`,
      );
    }
    const previous = this.keys.current(chosen)?.stored.kid;
    let next: string;
    if (mode === 'graceful') {
      const created = await this.keys.create(chosen, PUBLISH_AHEAD_SECONDS * 1000);
      next = created.kid;
      if (previous !== undefined) {
        const longest = longestSignedLifetime([this.configured, ...(await this.policies.allPolicies())]);
        await this.repository.supersede(
          previous,
          created.activatesAt,
          longest === null ? null : created.activatesAt + longest * 1000,
        );
      }
    } else {
      const created = await this.keys.create(chosen);
      next = created.kid;
      // the old keys end the instant the new one starts signing: no moment without a key, none with both
      for (const key of [previous, pending?.kid]) {
        if (key === undefined) continue;
        await this.repository.revoke(key, created.activatesAt);
        await this.grants.revokeAllSignedWith(key, created.activatesAt);
      }
    }
    await this.changes.publish();
    await this.audit.record(context, {
      action: 'key.rotated',
      outcome: 'success',
      subject: next,
      details: { algorithm: chosen, mode, previous: previous ?? null },
    });
    return next;
  }

  /** Automatic rotation: a graceful rotation of every algorithm whose signing key is older than the interval. */
  async rotateOlderThan(intervalSeconds: number, context: AuditContext): Promise<string[]> {
    const now = this.clock.now();
    const due = this.keys
      .list()
      .filter(
        (key) =>
          key.status === 'active' &&
          key.retiredAt === null &&
          now - key.activatesAt >= intervalSeconds * 1000,
      )
      .filter((key) => !this.keys.list().some((k) => k.algorithm === key.algorithm && k.status === 'next'));
    const rotated: string[] = [];
    for (const key of due) rotated.push(await this.rotate(key.algorithm, 'graceful', context));
    return rotated;
  }
}
