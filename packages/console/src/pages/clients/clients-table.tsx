import { Link } from 'react-router';
import { nameAndId } from '../../components/policy-context/tenant-tree.ts';
import { Empty } from '../../components/states.tsx';
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
  const tenantName = (id: string) => {
    const tenant = tenants.find((t) => t.id === id);
    return tenant ? nameAndId(tenant) : id;
  };
  return (
    <div className="table-scroll">
      <table className="data">
        <caption className="visually-hidden">Clients</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Id</th>
            <th scope="col">Tenant</th>
            <th scope="col">Grant types</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {clients.map((client) => (
            <tr key={client.id}>
              <td>
                <Link to={`/clients/${encodeURIComponent(client.id)}`}>{client.name}</Link>
              </td>
              <td>
                <code>{client.id}</code>
              </td>
              <td>
                <Link to={`/tenants/${encodeURIComponent(client.tenantId)}`}>
                  {tenantName(client.tenantId)}
                </Link>
              </td>
              <td>{client.grantTypes.map(grantTypeLabel).join(', ')}</td>
              <td>{instantText(client.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
