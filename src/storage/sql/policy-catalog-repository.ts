import type { Kysely } from 'kysely';
import type { PolicyDocument } from '../../domain/policy/document.ts';
import type { PolicyCatalogRepository } from '../../ports/policy-catalog-repository.ts';
import type { Database } from './schema.ts';

export class SqlPolicyCatalogRepository implements PolicyCatalogRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async allPolicies(): Promise<PolicyDocument[]> {
    const rows = await this.db
      .selectFrom('service_state')
      .select('policy')
      .unionAll(this.db.selectFrom('tenants').select('policy').where('policy', '!=', '{}'))
      .unionAll(this.db.selectFrom('clients').select('policy').where('policy', '!=', '{}'))
      .unionAll(this.db.selectFrom('scopes').select('policy').where('policy', '!=', '{}'))
      .unionAll(this.db.selectFrom('users').select('policy').where('policy', '!=', '{}'))
      .execute();
    return rows.map((row) => JSON.parse(row.policy) as PolicyDocument);
  }
}
