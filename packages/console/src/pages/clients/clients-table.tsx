import { Link } from 'react-router';
import { DataTable } from '../../components/data-table.tsx';
import { Empty } from '../../components/states.tsx';
import { TenantLink } from '../../components/tenant-link.tsx';
import { instantText } from '../../format/instant.ts';
import { type Client, grantTypeLabel } from './client-model.ts';

/** One page of clients: each a link to its page, with its tenant and how it gets tokens. */
export function ClientsTable({
  clients,
  tenants,
  emptyBecause,
}: {
  clients: readonly Client[];
  tenants: readonly { id: string; name: string }[];
  /** Why a page may be empty: a search that matches nothing, a tenant without clients, or no clients at all. */
  emptyBecause: 'search' | 'tenant' | 'none';
}) {
  if (clients.length === 0) {
    return (
      <Empty>
        {emptyBecause === 'search'
          ? 'No client matches the search.'
          : emptyBecause === 'tenant'
            ? 'This tenant has no clients yet: New client registers the first one.'
            : 'There are no clients yet: New client registers the first one.'}
      </Empty>
    );
  }
  return (
    <DataTable caption="Clients" columns={['Name', 'Id', 'Tenant', 'Grant types', 'Created']}>
      {clients.map((client) => (
        <tr key={client.id}>
          <td>
            <Link to={`/clients/${encodeURIComponent(client.id)}`}>{client.name}</Link>
          </td>
          <td>
            <code>{client.id}</code>
          </td>
          <td>
            <TenantLink tenantId={client.tenantId} tenants={tenants} />
          </td>
          <td>{client.grantTypes.map(grantTypeLabel).join(', ')}</td>
          <td>{instantText(client.createdAt)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
