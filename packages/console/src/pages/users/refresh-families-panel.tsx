import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { Pager, usePager } from '../../components/pager.tsx';
import { Empty, ErrorNotice, Loaded } from '../../components/states.tsx';
import { instantText } from '../../format/instant.ts';
import { type RefreshFamily, type User, userKeys } from './user-model.ts';

const PAGE_SIZE = 20;

/**
 * The user's live refresh-token families, one per login at a client: their scopes, their current token's end and
 * their absolute end; Revoke ends one as RFC 7009 revocation of its refresh token would.
 */
export function RefreshFamiliesPanel({ user }: { user: User }) {
  const pager = usePager();
  const queries = useQueryClient();
  const [revoking, setRevoking] = useState<RefreshFamily>();
  const families = useQuery({
    queryKey: [...userKeys.families(user.id), pager.after],
    queryFn: () =>
      answered(
        api.GET('/admin/v1/users/{id}/refresh-families', {
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
  const revoke = useMutation({
    mutationFn: (family: RefreshFamily) =>
      answered(
        api.DELETE('/admin/v1/users/{id}/refresh-families/{familyId}', {
          params: { path: { id: user.id, familyId: family.id } },
        }),
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: userKeys.families(user.id) }),
  });
  return (
    <section aria-labelledby="families-heading">
      <h2 id="families-heading">Refresh-token families</h2>
      <Loaded query={families}>
        {(answer) =>
          answer.items.length === 0 && pager.page === 1 ? (
            <Empty>
              No live refresh-token family: no client can get new tokens for the user without a login.
            </Empty>
          ) : (
            <>
              <div className="table-scroll">
                <table className="data">
                  <caption className="visually-hidden">Live refresh-token families</caption>
                  <thead>
                    <tr>
                      <th scope="col">Client</th>
                      <th scope="col">Scopes</th>
                      <th scope="col">Created</th>
                      <th scope="col">Current token ends</th>
                      <th scope="col">Family ends</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {answer.items.map((family) => (
                      <tr key={family.id}>
                        <td>
                          <Link to={`/clients/${encodeURIComponent(family.clientId)}`}>
                            {family.clientId}
                          </Link>
                        </td>
                        <td>{family.scopes.length === 0 ? 'none' : family.scopes.join(' ')}</td>
                        <td>{instantText(family.createdAt)}</td>
                        <td>
                          {family.currentTokenEndsAt === null
                            ? 'never'
                            : instantText(family.currentTokenEndsAt)}
                        </td>
                        <td>
                          {family.absoluteEndsAt === null ? 'never' : instantText(family.absoluteEndsAt)}
                        </td>
                        <td>
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => setRevoking(family)}
                          >
                            Revoke
                            <span className="visually-hidden">
                              {' '}
                              the family of {family.clientId} created {instantText(family.createdAt)}
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
      {revoke.isSuccess && (
        <p role="status" className="notice notice-success">
          The refresh-token family was revoked.
        </p>
      )}
      {revoke.isError && <ErrorNotice error={revoke.error} title="The family was not revoked" />}
      <ConfirmDialog
        title="Revoke this refresh-token family?"
        open={revoking !== undefined}
        danger
        busy={revoke.isPending}
        confirmLabel="Revoke family"
        onCancel={() => setRevoking(undefined)}
        onConfirm={() => {
          if (revoking) revoke.mutate(revoking);
          setRevoking(undefined);
        }}
      >
        <p>
          The refresh token that {revoking?.clientId} holds for the user stops working, and so do the access
          tokens of this login: the client must have the user sign in again. Other clients and logins are not
          affected. This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}
