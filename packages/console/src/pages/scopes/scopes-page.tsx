import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { DataTable } from '../../components/data-table.tsx';
import { Page } from '../../components/layout.tsx';
import { SearchField } from '../../components/search-field.tsx';
import { Empty, Loaded } from '../../components/states.tsx';
import { instantText } from '../../format/instant.ts';
import { CreateScopeDialog } from './create-scope-dialog.tsx';
import { matches, scopePath } from './scope-model.ts';

/** Every scope: scopes apply across tenants, and each may carry a lifetime policy of its own. */
export default function ScopesPage() {
  const scopes = useQuery({
    queryKey: ['scopes', 'list'],
    queryFn: async () => (await answered(api.GET('/admin/v1/scopes'))).items,
  });
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  return (
    <Page
      title="Scopes"
      description="What clients may ask for. A scope's policy binds the tokens that carry it, in every tenant."
      actions={
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          New scope
        </button>
      }
    >
      <div className="toolbar">
        <SearchField
          id="scope-search"
          label="Search"
          placeholder="name or description"
          hint="Any part of the name or description, in any case."
          value={search}
          onChange={setSearch}
        />
      </div>
      <Loaded query={scopes}>
        {(all) => {
          const rows = all.filter((scope) => search === '' || matches(scope, search));
          if (rows.length === 0) {
            return (
              <Empty>
                {all.length === 0
                  ? 'There are no scopes yet: New scope defines the first one.'
                  : 'No scope matches.'}
              </Empty>
            );
          }
          return (
            <DataTable caption="Scopes" columns={['Name', 'Description', 'Created']}>
              {rows.map((scope) => (
                <tr key={scope.name}>
                  <td>
                    <Link to={scopePath(scope.name)}>{scope.name}</Link>
                  </td>
                  <td>{scope.description || '—'}</td>
                  <td>{instantText(scope.createdAt)}</td>
                </tr>
              ))}
            </DataTable>
          );
        }}
      </Loaded>
      <CreateScopeDialog open={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}
