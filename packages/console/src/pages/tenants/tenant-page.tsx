import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { Page } from '../../components/layout.tsx';
import { LevelTabs } from '../../components/level-tabs.tsx';
import { Loaded } from '../../components/states.tsx';
import { TenantSettings } from './tenant-settings.tsx';

/** One tenant: its settings, its lifetime policy, and the policy's history. */
export default function TenantPage() {
  const id = useParams().id ?? '';
  const tenant = useQuery({
    queryKey: ['tenants', id],
    queryFn: () => answered(api.GET('/admin/v1/tenants/{id}', { params: { path: { id } } })),
  });
  const base = `/tenants/${encodeURIComponent(id)}`;
  return (
    <Page
      title={tenant.data ? `Tenant ${tenant.data.name}` : `Tenant ${id}`}
      description={
        <>
          <Link to="/tenants">Tenants</Link> › <code>{id}</code>
        </>
      }
    >
      <Loaded query={tenant}>
        {(data) => (
          <LevelTabs
            base={base}
            label={`Tenant ${data.name}`}
            level={{ level: 'tenant', id }}
            settings={<TenantSettings tenant={data} />}
          />
        )}
      </Loaded>
    </Page>
  );
}
