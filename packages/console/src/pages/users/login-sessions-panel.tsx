import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { answered, api } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { OutcomeNotice } from '../../components/outcome-notice.tsx';
import { RowButton } from '../../components/row-button.tsx';
import { instantText } from '../../format/instant.ts';
import { LivePages, useLivePages } from './live-pages.tsx';
import { type LoginSession, type User, userKeys } from './user-model.ts';

/** The user's live login sessions (browser SSO): when each began, was last used and will end; End logs it out. */
export function LoginSessionsPanel({ user }: { user: User }) {
  const queries = useQueryClient();
  const [ending, setEnding] = useState<LoginSession>();
  const sessions = useLivePages(userKeys.sessions(user.id), (query) =>
    answered(api.GET('/admin/v1/users/{id}/sessions', { params: { path: { id: user.id }, query } })),
  );
  const end = useMutation({
    mutationFn: (session: LoginSession) =>
      answered(
        api.DELETE('/admin/v1/users/{id}/sessions/{sessionId}', {
          params: { path: { id: user.id, sessionId: session.id } },
        }),
      ),
    // ending a session revokes the families it created: both lists change
    onSuccess: () => queries.invalidateQueries({ queryKey: userKeys.user(user.id) }),
  });
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Login sessions</h2>
      <LivePages {...sessions} empty="No live login session: the user is signed in to no browser.">
        {(items) => (
          <DataTable
            caption="Live login sessions"
            columns={['Began', 'Last used', 'Ends if unused', 'Ends at the latest', 'Session']}
            withActions
          >
            {items.map((session) => (
              <tr key={session.id}>
                <td>{instantText(session.createdAt)}</td>
                <td>{instantText(session.lastActiveAt)}</td>
                <td>{session.idleEndsAt === null ? 'no idle limit' : instantText(session.idleEndsAt)}</td>
                <td>{session.maxEndsAt === null ? 'no maximum' : instantText(session.maxEndsAt)}</td>
                <td>
                  <code>{session.id}</code>
                </td>
                <td>
                  <RowButton
                    label="End"
                    row={`the session that began ${instantText(session.createdAt)}`}
                    onClick={() => setEnding(session)}
                  />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </LivePages>
      <OutcomeNotice mutation={end} success="The session has ended." errorTitle="The session was not ended" />
      <ConfirmDialog
        title="End this login session?"
        open={ending !== undefined}
        danger
        busy={end.isPending}
        confirmLabel="End session"
        onCancel={() => setEnding(undefined)}
        onConfirm={() => {
          if (ending) end.mutate(ending);
          setEnding(undefined);
        }}
      >
        <p>
          The session that began {instantText(ending?.createdAt)} ends as a logout would: the browser holding
          it must sign in again, and the refresh tokens the session led to stop working (every token of the
          user, when the policy's revokeAllOnLogout is on).
        </p>
      </ConfirmDialog>
    </section>
  );
}
