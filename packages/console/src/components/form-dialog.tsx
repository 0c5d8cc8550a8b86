import type { FormEvent, ReactNode } from 'react';
import { Dialog } from './dialog.tsx';
import { ErrorNotice } from './states.tsx';
import type { SubmitMutation } from './submit-mutation.ts';

/**
 * A dialog holding one form that a mutation submits: Cancel and the submit button (its label while pending),
 * then what the server answered when it refused.
 */
export function FormDialog({
  title,
  open,
  onClose,
  formId,
  submitLabel,
  pendingLabel,
  errorTitle,
  mutation,
  notices,
  children,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  formId: string;
  submitLabel: string;
  pendingLabel: string;
  errorTitle: string;
  mutation: SubmitMutation;
  /** Shown after the form, before the mutation's error. */
  notices?: ReactNode;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  return (
    <Dialog
      title={title}
      open={open}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="button button-primary" disabled={mutation.isPending}>
            {mutation.isPending ? pendingLabel : submitLabel}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit}>
        {children}
      </form>
      {notices}
      {mutation.isError && <ErrorNotice error={mutation.error} title={errorTitle} />}
    </Dialog>
  );
}
