import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { Page } from '../../components/layout.tsx';
import { LevelTabs } from '../../components/level-tabs.tsx';
import { Loaded } from '../../components/states.tsx';
import { scopePath } from './scope-model.ts';
import { ScopeSettings } from './scope-settings.tsx';

/** One scope: its description, its lifetime policy, and the policy's history. */
export default function ScopePage() {
  const id = useParams().id ?? '';
  const scope = useQuery({
    queryKey: ['scopes', id],
    queryFn: () => answered(api.GET('/admin/v1/scopes/{id}', { params: { path: { id } } })),
  });
  return (
    <Page
      title={`Scope ${id}`}
      description={
        <>
          <Link to="/scopes">Scopes</Link> › <code>{id}</code>
        </>
      }
    >
      <Loaded query={scope}>
        {(data) => (
          <LevelTabs
            base={scopePath(id)}
            label={`Scope ${data.name}`}
            level={{ level: 'scope', id }}
            settings={<ScopeSettings scope={data} />}
          />
        )}
      </Loaded>
    </Page>
  );
}
