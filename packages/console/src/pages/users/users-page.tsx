import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { useMe } from '../../api/me.ts';
import { Page } from '../../components/layout.tsx';
import { Pager, usePager } from '../../components/pager.tsx';
import { useTenantOptions } from '../../components/policy-context/context-lists.ts';
import { SearchField } from '../../components/search-field.tsx';
import { Loaded } from '../../components/states.tsx';
import { TenantFilter, useTenantParam } from '../../components/tenant-filter.tsx';
import { useDebounced } from '../../format/debounced.ts';
import { CreateUserDialog } from './create-user-dialog.tsx';
import { UsersTable } from './users-table.tsx';

/** Users a page shows at once. */
export const USERS_PAGE_SIZE = 20;

/** Every user the administrator may see, page by page, by tenant and by the beginning of the username. */
export default function UsersPage() {
  const [search, setSearch] = useState('');
  const username = useDebounced(search.trim(), 300);
  const pager = usePager();
  const { tenantId, chooseTenant } = useTenantParam(pager.reset);
  const tenants = useTenantOptions();
  const me = useMe();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const users = useQuery({
    queryKey: ['users', 'list', { tenantId, username, after: pager.after }],
    queryFn: () =>
      answered(
        api.GET('/admin/v1/users', {
          params: {
            query: {
              limit: USERS_PAGE_SIZE,
              ...(pager.after !== undefined && { after: pager.after }),
              ...(tenantId !== '' && { tenantId }),
              ...(username !== '' && { username }),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    // logins, failures and lockouts happen outside the console: always read afresh
    staleTime: 0,
  });
  return (
    <Page
      title="Users"
      description="The people and guests who sign in. A user's tenant policy, class and own overrides shape their tokens."
      actions={
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          New user
        </button>
      }
    >
      <div className="toolbar">
        <TenantFilter id="user-tenant" tenantId={tenantId} tenants={tenants.data} onChoose={chooseTenant} />
        <SearchField
          id="user-search"
          label="Username"
          placeholder="begins with…"
          hint="The beginning of the username, in any case."
          value={search}
          autoComplete="off"
          onChange={(value) => {
            pager.reset();
            setSearch(value);
          }}
        />
      </div>
      <Loaded query={users}>
        {(answer) => (
          <>
            <UsersTable
              users={answer.items}
              tenants={tenants.data ?? []}
              emptyBecause={username !== '' ? 'search' : tenantId !== '' ? 'tenant' : 'none'}
            />
            <Pager pager={pager} next={answer.next} />
          </>
        )}
      </Loaded>
      <CreateUserDialog
        open={creating}
        onClose={() => setCreating(false)}
        defaultTenant={tenantId || (me.data?.administers ?? '')}
        onCreated={(id) => {
          setCreating(false);
          navigate(`/users/${encodeURIComponent(id)}`);
        }}
      />
    </Page>
  );
}
