import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { answered, api } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { fieldErrorsOf } from '../../components/submit-mutation.ts';
import { type User, userKeys, userName } from './user-model.ts';

/** Sets a new password for the user; the policy's password-change rules decide which of their tokens end. */
export function ResetPasswordDialog({
  user,
  open,
  onClose,
  onReset,
}: {
  user: User;
  open: boolean;
  onClose: () => void;
  onReset: () => void;
}) {
  const [password, setPassword] = useState('');
  const queries = useQueryClient();
  const reset = useMutation({
    mutationFn: () =>
      answered(
        api.POST('/admin/v1/users/{id}/password', { params: { path: { id: user.id } }, body: { password } }),
      ),
    onSuccess: async () => {
      setPassword('');
      await queries.invalidateQueries({ queryKey: userKeys.user(user.id) });
      onReset();
    },
  });
  const close = () => {
    setPassword('');
    reset.reset();
    onClose();
  };
  const fields = fieldErrorsOf(reset.error);
  return (
    <FormDialog
      title={`Reset the password of ${userName(user)}`}
      open={open}
      onClose={close}
      formId="reset-password"
      submitLabel="Reset password"
      pendingLabel="Resetting…"
      errorTitle="The password was not reset"
      mutation={reset}
    >
      <p>
        The old password stops working at once. Whether the user's refresh tokens and access tokens end too is
        the policy's to say: revokeRefreshOnPasswordChange (on unless changed) and
        revokeAccessOnPasswordChange.
      </p>
      <Field label="New password" hint="8 to 1024 characters." error={fields.password}>
        {(props) => (
          <input
            {...props}
            type="password"
            required
            value={password}
            autoComplete="new-password"
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
    </FormDialog>
  );
}
