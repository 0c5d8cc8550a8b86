import { LoginSessionsPanel } from './login-sessions-panel.tsx';
import { RefreshFamiliesPanel } from './refresh-families-panel.tsx';
import type { User } from './user-model.ts';

/** Where the user is signed in: their browser sessions, and the refresh-token families of their logins. */
export function UserSessions({ user }: { user: User }) {
  return (
    <>
      <LoginSessionsPanel user={user} />
      <RefreshFamiliesPanel user={user} />
    </>
  );
}
