import { useState } from 'react';
import { Link } from 'react-router';
import { useMe } from '../../api/me.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Page } from '../../components/layout.tsx';
import { useTenantOptions } from '../../components/policy-context/context-lists.ts';
import { tenantTree } from '../../components/policy-context/tenant-tree.ts';
import { SearchField } from '../../components/search-field.tsx';
import { Empty, Loaded } from '../../components/states.tsx';
import { instantText } from '../../format/instant.ts';
import { CreateTenantDialog } from './create-tenant-dialog.tsx';

const matches = (tenant: { id: string; name: string }, search: string) =>
  `${tenant.id} ${tenant.name}`.toLowerCase().includes(search.trim().toLowerCase());

/** Every tenant the administrator may see, as a tree: each sub-tenant under its parent. */
export default function TenantsPage() {
  const tenants = useTenantOptions();
  const me = useMe();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  return (
    <Page
      title="Tenants"
      description="A tenant's policy binds its clients and users; a sub-tenant inherits from its parent."
      actions={
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          New tenant
        </button>
      }
    >
      <div className="toolbar">
        <SearchField
          id="tenant-search"
          label="Search"
          placeholder="id or name"
          hint="Any part of the id or name, in any case."
          value={search}
          onChange={setSearch}
        />
      </div>
      <Loaded query={tenants}>
        {(all) => {
          const rows = tenantTree(all).filter(({ tenant }) => search === '' || matches(tenant, search));
          if (rows.length === 0) {
            return <Empty>{all.length === 0 ? 'There are no tenants yet.' : 'No tenant matches.'}</Empty>;
          }
          return (
            <DataTable caption="Tenants, each under its parent" columns={['Name', 'Id', 'Parent', 'Created']}>
              {rows.map(({ tenant, depth }) => (
                <tr key={tenant.id}>
                  <td style={{ paddingInlineStart: `${0.75 + depth * 1.5}rem` }}>
                    {depth > 0 && (
                      <span className="tree-branch" aria-hidden="true">
                        ↳{' '}
                      </span>
                    )}
                    <Link to={`/tenants/${encodeURIComponent(tenant.id)}`}>{tenant.name}</Link>
                  </td>
                  <td>
                    <code>{tenant.id}</code>
                  </td>
                  <td>{tenant.parentId ?? '—'}</td>
                  <td>{instantText(tenant.createdAt)}</td>
                </tr>
              ))}
            </DataTable>
          );
        }}
      </Loaded>
      <CreateTenantDialog
        open={creating}
        onClose={() => setCreating(false)}
        tenants={tenants.data ?? []}
        defaultParent={me.data?.administers ?? ''}
      />
    </Page>
  );
}
