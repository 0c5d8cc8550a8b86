import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { useMe } from '../../api/me.ts';
import { Page } from '../../components/layout.tsx';
import { Pager, usePager } from '../../components/pager.tsx';
import { useTenantOptions } from '../../components/policy-context/context-lists.ts';
import { SearchField } from '../../components/search-field.tsx';
import { Loaded, Loading } from '../../components/states.tsx';
import { TenantFilter, useTenantParam } from '../../components/tenant-filter.tsx';
import { useDebounced } from '../../format/debounced.ts';
import { ClientsTable } from './clients-table.tsx';
import { CreateClientDialog } from './create-client-dialog.tsx';
import { type RevealedSecret, SecretOnceDialog } from './secret-once.tsx';

/** Clients a page shows at once. */
export const CLIENTS_PAGE_SIZE = 20;

/** Every client the administrator may see, page by page, by tenant and by a part of its id or name. */
export default function ClientsPage() {
  const [search, setSearch] = useState('');
  const searched = useDebounced(search.trim(), 300);
  const pager = usePager();
  const { tenantId, chooseTenant } = useTenantParam(pager.reset);
  const tenants = useTenantOptions();
  const me = useMe();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [revealed, setRevealed] = useState<RevealedSecret>();
  const clients = useQuery({
    queryKey: ['clients', 'list', { tenantId, search: searched, after: pager.after }],
    queryFn: () =>
      answered(
        api.GET('/admin/v1/clients', {
          params: {
            query: {
              limit: CLIENTS_PAGE_SIZE,
              ...(pager.after !== undefined && { after: pager.after }),
              ...(tenantId !== '' && { tenantId }),
              ...(searched !== '' && { search: searched }),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const open = (id: string) => navigate(`/clients/${encodeURIComponent(id)}`);
  return (
    <Page
      title="Clients"
      description="The applications that ask Lifespan for tokens. A client's tenant policy binds every token it gets."
      actions={
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          New client
        </button>
      }
    >
      <div className="toolbar clients-filters">
        <TenantFilter id="client-tenant" tenantId={tenantId} tenants={tenants.data} onChoose={chooseTenant} />
        <SearchField
          id="client-search"
          label="Search"
          placeholder="id or name"
          hint="Any part of the id or name, in any case."
          value={search}
          onChange={(value) => {
            pager.reset();
            setSearch(value);
          }}
        />
      </div>
      <Loaded query={clients}>
        {(answer) => (
          <>
            {clients.isPlaceholderData && <Loading label="Loading the page…" />}
            <ClientsTable
              clients={answer.items}
              tenants={tenants.data ?? []}
              emptyBecause={searched !== '' ? 'search' : tenantId !== '' ? 'tenant' : 'none'}
            />
            <Pager pager={pager} next={answer.next} />
          </>
        )}
      </Loaded>
      <CreateClientDialog
        open={creating}
        onClose={() => setCreating(false)}
        defaultTenant={tenantId || (me.data?.administers ?? '')}
        onCreated={(client, secret) => {
          setCreating(false);
          if (secret === undefined) open(client.id);
          else setRevealed({ clientId: client.id, clientName: client.name, secret, occasion: 'first' });
        }}
      />
      {revealed && (
        <SecretOnceDialog
          revealed={revealed}
          onDismiss={() => {
            setRevealed(undefined);
            open(revealed.clientId);
          }}
        />
      )}
    </Page>
  );
}
