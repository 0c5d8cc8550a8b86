import type { FormEvent, ReactNode } from 'react';
import { ErrorNotice } from './states.tsx';
import type { SubmitMutation } from './submit-mutation.ts';

/** The end of a settings form: Save (Saving… while pending), "Saved." once saved, the server's refusal. */
function SaveBar({ mutation, errorTitle }: { mutation: SubmitMutation; errorTitle: string }) {
  return (
    <>
      <div className="toolbar">
        <button type="submit" className="button button-primary" disabled={mutation.isPending}>
          {mutation.isPending ? 'Saving…' : 'Save'}
        </button>
        {mutation.isSuccess && (
          <span role="status" className="notice notice-success">
            Saved.
          </span>
        )}
      </div>
      {mutation.isError && <ErrorNotice error={mutation.error} title={errorTitle} />}
    </>
  );
}

/** A form that a mutation saves, ending in its save bar. */
export function SettingsForm({
  mutation,
  errorTitle,
  className = 'form',
  children,
}: {
  mutation: SubmitMutation;
  errorTitle: string;
  className?: string;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  return (
    <form onSubmit={submit} className={className}>
      {children}
      <SaveBar mutation={mutation} errorTitle={errorTitle} />
    </form>
  );
}
