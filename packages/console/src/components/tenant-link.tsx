import { Link } from 'react-router';
import { nameAndId } from './policy-context/tenant-tree.ts';

/** A link to a tenant's page, named by its name and id when the tenant is among those listed. */
export function TenantLink({
  tenantId,
  tenants,
}: {
  tenantId: string;
  tenants: readonly { id: string; name: string }[];
}) {
  const tenant = tenants.find((t) => t.id === tenantId);
  return <Link to={`/tenants/${encodeURIComponent(tenantId)}`}>{tenant ? nameAndId(tenant) : tenantId}</Link>;
}
