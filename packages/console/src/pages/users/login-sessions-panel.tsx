import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { answered, api } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Pager, usePager } from '../../components/pager.tsx';
import { Empty, ErrorNotice, Loaded } from '../../components/states.tsx';
import { instantText } from '../../format/instant.ts';
import { type LoginSession, type User, userKeys } from './user-model.ts';

const PAGE_SIZE = 20;

/** The user's live login sessions (browser SSO): when each began, was last used and will end; End logs it out. */
export function LoginSessionsPanel({ user }: { user: User }) {
  const pager = usePager();
  const queries = useQueryClient();
  const [ending, setEnding] = useState<LoginSession>();
  const sessions = useQuery({
    queryKey: [...userKeys.sessions(user.id), pager.after],
    queryFn: () =>
      answered(
        api.GET('/admin/v1/users/{id}/sessions', {
          params: {
            path: { id: user.id },
            query: { limit: PAGE_SIZE, ...(pager.after !== undefined && { after: pager.after }) },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    // logins, failures and lockouts happen outside the console: always read afresh
    staleTime: 0,
  });
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
      <Loaded query={sessions}>
        {(answer) =>
          answer.items.length === 0 && pager.page === 1 ? (
            <Empty>No live login session: the user is signed in to no browser.</Empty>
          ) : (
            <>
              <div className="table-scroll">
                <table className="data">
                  <caption className="visually-hidden">Live login sessions</caption>
                  <thead>
                    <tr>
                      <th scope="col">Began</th>
                      <th scope="col">Last used</th>
                      <th scope="col">Ends if unused</th>
                      <th scope="col">Ends at the latest</th>
                      <th scope="col">Session</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {answer.items.map((session) => (
                      <tr key={session.id}>
                        <td>{instantText(session.createdAt)}</td>
                        <td>{instantText(session.lastActiveAt)}</td>
                        <td>
                          {session.idleEndsAt === null ? 'no idle limit' : instantText(session.idleEndsAt)}
                        </td>
                        <td>{session.maxEndsAt === null ? 'no maximum' : instantText(session.maxEndsAt)}</td>
                        <td>
                          <code>{session.id}</code>
                        </td>
                        <td>
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => setEnding(session)}
                          >
                            End
                            <span className="visually-hidden">
                              {' '}
                              the session that began {instantText(session.createdAt)}
                            </span>
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager pager={pager} next={answer.next} />
            </>
          )
        }
      </Loaded>
      {end.isSuccess && (
        <p role="status" className="notice notice-success">
          The session has ended.
        </p>
      )}
      {end.isError && <ErrorNotice error={end.error} title="The session was not ended" />}
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
