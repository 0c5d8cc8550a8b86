import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { answered, api } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { OutcomeNotice } from '../../components/outcome-notice.tsx';
import { RowButton } from '../../components/row-button.tsx';
import { instantText } from '../../format/instant.ts';
import { LivePages, useLivePages } from './live-pages.tsx';
import { type RefreshFamily, type User, userKeys } from './user-model.ts';

/**
 * The user's live refresh-token families, one per login at a client: their scopes, their current token's end and
 * their absolute end; Revoke ends one as RFC 7009 revocation of its refresh token would.
 */
export function RefreshFamiliesPanel({ user }: { user: User }) {
  const queries = useQueryClient();
  const [revoking, setRevoking] = useState<RefreshFamily>();
  const families = useLivePages(userKeys.families(user.id), (query) =>
    answered(api.GET('/admin/v1/users/{id}/refresh-families', { params: { path: { id: user.id }, query } })),
  );
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
      <LivePages
        {...families}
        empty="No live refresh-token family: no client can get new tokens for the user without a login."
      >
        {(items) => (
          <DataTable
            caption="Live refresh-token families"
            columns={['Client', 'Scopes', 'Created', 'Current token ends', 'Family ends']}
            withActions
          >
            {items.map((family) => (
              <tr key={family.id}>
                <td>
                  <Link to={`/clients/${encodeURIComponent(family.clientId)}`}>{family.clientId}</Link>
                </td>
                <td>{family.scopes.length === 0 ? 'none' : family.scopes.join(' ')}</td>
                <td>{instantText(family.createdAt)}</td>
                <td>
                  {family.currentTokenEndsAt === null ? 'never' : instantText(family.currentTokenEndsAt)}
                </td>
                <td>{family.absoluteEndsAt === null ? 'never' : instantText(family.absoluteEndsAt)}</td>
                <td>
                  <RowButton
                    label="Revoke"
                    row={`the family of ${family.clientId} created ${instantText(family.createdAt)}`}
                    onClick={() => setRevoking(family)}
                  />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </LivePages>
      <OutcomeNotice
        mutation={revoke}
        success="The refresh-token family was revoked."
        errorTitle="The family was not revoked"
      />
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
