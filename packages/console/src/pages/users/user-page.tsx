import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { Page } from '../../components/layout.tsx';
import { LevelTabs } from '../../components/level-tabs.tsx';
import { Loaded } from '../../components/states.tsx';
import { userKeys, userName } from './user-model.ts';
import { UserSecurity } from './user-security.tsx';
import { UserSessions } from './user-sessions.tsx';
import { UserSettings } from './user-settings.tsx';

/** One user: their settings, their lifetime policy and its history, their lock and password, their sign-ins. */
export default function UserPage() {
  const id = useParams().id ?? '';
  const user = useQuery({
    queryKey: userKeys.user(id),
    queryFn: () => answered(api.GET('/admin/v1/users/{id}', { params: { path: { id } } })),
  });
  const base = `/users/${encodeURIComponent(id)}`;
  return (
    <Page
      title={user.data ? `User ${userName(user.data)}` : `User ${id}`}
      description={
        <>
          <Link to="/users">Users</Link> › <code>{id}</code>
        </>
      }
    >
      <Loaded query={user}>
        {(data) => (
          <LevelTabs
            base={base}
            label={`User ${userName(data)}`}
            level={{ level: 'user', id }}
            settings={<UserSettings user={data} />}
            extra={[
              { path: 'security', label: 'Security', element: <UserSecurity user={data} /> },
              { path: 'sessions', label: 'Sessions', element: <UserSessions user={data} /> },
            ]}
          />
        )}
      </Loaded>
    </Page>
  );
}
