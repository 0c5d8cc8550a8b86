import { Link } from 'react-router';
import { DataTable } from '../../components/data-table.tsx';
import { Empty } from '../../components/states.tsx';
import { TenantLink } from '../../components/tenant-link.tsx';
import { instantText } from '../../format/instant.ts';
import type { User } from './user-model.ts';

/** One page of users: each a link to their page, with their tenant, class and whether a lockout holds them. */
export function UsersTable({
  users,
  tenants,
  emptyBecause,
}: {
  users: readonly User[];
  tenants: readonly { id: string; name: string }[];
  /** Why a page may be empty: a search that matches nothing, a tenant without users, or no users at all. */
  emptyBecause: 'search' | 'tenant' | 'none';
}) {
  if (users.length === 0) {
    return (
      <Empty>
        {emptyBecause === 'search'
          ? 'No username begins with what you typed.'
          : emptyBecause === 'tenant'
            ? 'This tenant has no users yet: New user creates the first one.'
            : 'There are no users yet: New user creates the first one.'}
      </Empty>
    );
  }
  return (
    <DataTable caption="Users" columns={['Username', 'Id', 'Tenant', 'Subject class', 'Lock', 'Created']}>
      {users.map((user) => (
        <tr key={user.id}>
          <td>
            <Link to={`/users/${encodeURIComponent(user.id)}`}>{user.username ?? '(no username)'}</Link>
          </td>
          <td>
            <code>{user.id}</code>
          </td>
          <td>
            <TenantLink tenantId={user.tenantId} tenants={tenants} />
          </td>
          <td>{user.subjectClass}</td>
          <td>
            {user.lockedForSecurityReasons ? (
              <span className="badge badge-danger">Locked</span>
            ) : (
              <span className="muted">not locked</span>
            )}
          </td>
          <td>{instantText(user.createdAt)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
