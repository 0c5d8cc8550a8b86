import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { answered, api } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorNotice } from '../../components/states.tsx';
import { instantText } from '../../format/instant.ts';
import { LockPanel } from './lock-panel.tsx';
import { ResetPasswordDialog } from './reset-password-dialog.tsx';
import { type User, userKeys, userName } from './user-model.ts';

/** The user's lock, their password, and the end of every token they hold. */
export function UserSecurity({ user }: { user: User }) {
  return (
    <>
      <LockPanel user={user} />
      <PasswordPanel user={user} />
      <ExpireTokensPanel user={user} />
    </>
  );
}

function PasswordPanel({ user }: { user: User }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  return (
    <section aria-labelledby="password-heading" className="card user-panel">
      <h2 id="password-heading">Password</h2>
      <p>
        {user.hasPassword
          ? 'The user has a password.'
          : 'The user has no password: they cannot log in with one.'}
      </p>
      <button
        type="button"
        className="button"
        onClick={() => {
          setDone(false);
          setOpen(true);
        }}
      >
        Reset password…
      </button>
      {done && (
        <p role="status" className="notice notice-success">
          The password was reset.
        </p>
      )}
      <ResetPasswordDialog
        user={user}
        open={open}
        onClose={() => setOpen(false)}
        onReset={() => {
          setOpen(false);
          setDone(true);
        }}
      />
    </section>
  );
}

function ExpireTokensPanel({ user }: { user: User }) {
  const [confirming, setConfirming] = useState(false);
  const queries = useQueryClient();
  const expire = useMutation({
    mutationFn: () =>
      answered(api.POST('/admin/v1/users/{id}/expire-tokens', { params: { path: { id: user.id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: userKeys.user(user.id) }),
  });
  return (
    <section aria-labelledby="expire-heading" className="card user-panel">
      <h2 id="expire-heading">Tokens</h2>
      <p>Ends at once every access and refresh token the user holds, on every client and device.</p>
      <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
        Expire tokens…
      </button>
      {expire.isSuccess && (
        <p role="status" className="notice notice-success">
          Every token issued until {instantText(expire.data.notBefore)} has expired.
        </p>
      )}
      {expire.isError && <ErrorNotice error={expire.error} title="The tokens were not expired" />}
      <ConfirmDialog
        title={`Expire every token of ${userName(user)}?`}
        open={confirming}
        danger
        busy={expire.isPending}
        confirmLabel="Expire tokens"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          expire.mutate();
        }}
      >
        <p>
          Every access token and refresh token the user holds now stops working at once, at every client, and
          their login sessions end: each app must have them sign in again. Tokens issued afterwards are not
          affected. This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}
