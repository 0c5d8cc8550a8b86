import { useSearchParams } from 'react-router';
import { tenantTreeOptions } from './policy-context/tenant-tree.ts';

interface TenantOption {
  id: string;
  parentId: string | null;
  name: string;
}

/** The tenant a list is narrowed to, kept in the address (?tenant=) so that a link can open it narrowed. */
export function useTenantParam(onChoose: () => void) {
  const [params, setParams] = useSearchParams();
  const tenantId = params.get('tenant') ?? '';
  const chooseTenant = (id: string) => {
    onChoose();
    setParams(id === '' ? {} : { tenant: id }, { replace: true });
  };
  return { tenantId, chooseTenant };
}

/** Picks the tenant a list shows, or all; a tenant named in the address but not visible stays offered. */
export function TenantFilter({
  id,
  tenantId,
  tenants,
  onChoose,
}: {
  id: string;
  tenantId: string;
  tenants: readonly TenantOption[] | undefined;
  onChoose: (id: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>Tenant</label>
      <select id={id} value={tenantId} onChange={(e) => onChoose(e.target.value)}>
        <option value="">All tenants</option>
        {tenantId !== '' && !tenants?.some((t) => t.id === tenantId) && (
          <option value={tenantId}>{tenantId}</option>
        )}
        {tenantTreeOptions(tenants ?? []).map((t) => (
          <option key={t.id} value={t.id}>
            {t.text}
          </option>
        ))}
      </select>
    </div>
  );
}
