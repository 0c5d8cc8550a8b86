import type { ReactNode } from 'react';
import { ErrorNotice } from './states.tsx';

/** What became of an action: a status once it succeeded, or the server's refusal. */
export function OutcomeNotice({
  mutation,
  success,
  errorTitle,
}: {
  mutation: { isSuccess: boolean; isError: boolean; error: unknown };
  success: ReactNode;
  errorTitle: string;
}) {
  return (
    <>
      {mutation.isSuccess && (
        <p role="status" className="notice notice-success">
          {success}
        </p>
      )}
      {mutation.isError && <ErrorNotice error={mutation.error} title={errorTitle} />}
    </>
  );
}
