import type { PolicyDocument } from '../domain/policy/document.ts';

/** Every stored policy document (service, tenants, clients, scopes, users with overrides). */
export interface PolicyCatalogRepository {
  allPolicies(): Promise<PolicyDocument[]>;
}
