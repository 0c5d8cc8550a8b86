import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Instant } from '../../domain/clock.ts';
import type { PolicyOwner } from '../../domain/policy/change.ts';
import type { LiveCounts, PolicyImpactRepository } from '../../ports/policy-impact-repository.ts';
import type { Database } from './schema.ts';

export class SqlPolicyImpactRepository implements PolicyImpactRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async liveCounts(owner: PolicyOwner, now: Instant): Promise<LiveCounts> {
    const tenants = owner.level === 'tenant' ? await this.subtree(owner.id) : [];
    if (owner.level === 'tenant' && tenants.length === 0) return { refreshFamilies: 0, sessions: 0 };
    const grantsOfOwner = (eb: ExpressionBuilder<Database, 'grants'>) => {
      switch (owner.level) {
        case 'service':
          return eb.lit(true);
        case 'tenant':
          return eb('grants.tenant_id', 'in', tenants);
        case 'client':
          return eb('grants.client_id', '=', owner.id);
        case 'scope':
          return eb(sql<string>`' ' || grants.scope || ' '`, 'like', `% ${owner.id} %`);
        case 'user':
          return eb('grants.user_id', '=', owner.id);
      }
    };
    const families = await this.db
      .selectFrom('grants')
      .innerJoin('refresh_tokens', 'refresh_tokens.grant_id', 'grants.id')
      .select((eb) => eb.fn.count<number>('grants.id').distinct().as('count'))
      .where('grants.revoked_at', 'is', null)
      .where((eb) =>
        eb.or([eb('grants.absolute_expires_at', 'is', null), eb('grants.absolute_expires_at', '>', now)]),
      )
      .where('refresh_tokens.rotated_at', 'is', null)
      .where((eb) =>
        eb.or([eb('refresh_tokens.expires_at', 'is', null), eb('refresh_tokens.expires_at', '>', now)]),
      )
      .where(grantsOfOwner)
      .executeTakeFirstOrThrow();
    let sessions = this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('ended_at', 'is', null);
    if (owner.level === 'tenant') sessions = sessions.where('tenant_id', 'in', tenants);
    if (owner.level === 'user') sessions = sessions.where('user_id', '=', owner.id);
    if (owner.level === 'client' || owner.level === 'scope') {
      sessions = sessions.where(
        'id',
        'in',
        this.db.selectFrom('grants').select('session_id').where(grantsOfOwner),
      );
    }
    const counted = await sessions.executeTakeFirstOrThrow();
    return { refreshFamilies: Number(families.count), sessions: Number(counted.count) };
  }

  /** The tenant and every tenant below it. */
  private async subtree(id: string): Promise<string[]> {
    const rows = await this.db
      .withRecursive('below(id)', (db) =>
        db
          .selectFrom('tenants')
          .select('id')
          .where('id', '=', id)
          .unionAll((eb) =>
            eb.selectFrom('tenants').innerJoin('below', 'below.id', 'tenants.parent_id').select('tenants.id'),
          ),
      )
      .selectFrom('below')
      .select('id')
      .execute();
    return rows.map((row) => row.id);
  }
}
