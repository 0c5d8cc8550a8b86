import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { Page } from '../../components/layout.tsx';
import { LevelTabs } from '../../components/level-tabs.tsx';
import { Loaded } from '../../components/states.tsx';
import { ClientSettings } from './client-settings.tsx';

/** One client: its registration and secret, its lifetime policy, and the policy's history. */
export default function ClientPage() {
  const id = useParams().id ?? '';
  const client = useQuery({
    queryKey: ['clients', id],
    queryFn: () => answered(api.GET('/admin/v1/clients/{id}', { params: { path: { id } } })),
  });
  const base = `/clients/${encodeURIComponent(id)}`;
  return (
    <Page
      title={client.data ? `Client ${client.data.name}` : `Client ${id}`}
      description={
        <>
          <Link to="/clients">Clients</Link> › <code>{id}</code>
        </>
      }
    >
      <Loaded query={client}>
        {(data) => (
          <LevelTabs
            base={base}
            label={`Client ${data.name}`}
            level={{ level: 'client', id }}
            settings={<ClientSettings client={data} />}
          />
        )}
      </Loaded>
    </Page>
  );
}
