import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { ErrorNotice } from './states.tsx';

/**
 * Deletes one thing after the administrator types its name: deleting cannot be undone, and what the thing held
 * (its policy, its tokens) goes with it. The server's refusal (e.g. a tenant that still has children) is shown.
 */
export function DeleteButton({
  what,
  name,
  consequence,
  remove,
  onDeleted,
}: {
  what: string;
  name: string;
  consequence: string;
  remove: () => Promise<unknown>;
  onDeleted: () => void;
}) {
  const [open, setOpen] = useState(false);
  const deletion = useMutation({ mutationFn: remove, onSuccess: onDeleted });
  return (
    <>
      <button type="button" className="button button-danger" onClick={() => setOpen(true)}>
        Delete {what}
      </button>
      {deletion.isError && <ErrorNotice error={deletion.error} title={`The ${what} was not deleted`} />}
      <ConfirmDialog
        title={`Delete ${what} ${name}?`}
        open={open}
        danger
        busy={deletion.isPending}
        confirmLabel={`Delete ${what}`}
        typeToConfirm={name}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          setOpen(false);
          deletion.mutate();
        }}
      >
        <p>{consequence} This cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}
