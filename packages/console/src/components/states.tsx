import type { ReactNode } from 'react';
import { ApiError } from '../api/problem.ts';

/** A page or panel waiting for the server; announced politely to screen readers. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

/** What went wrong, in the server's words (RFC 9457 detail and field problems). */
export function ErrorNotice({
  error,
  title = 'This could not be loaded',
}: {
  error: unknown;
  title?: string;
}) {
  const problem = error instanceof ApiError ? error.problem : undefined;
  return (
    <div className="state state-error" role="alert">
      <strong>{title}</strong>
      <p>{problem?.detail ?? (error instanceof Error ? error.message : String(error))}</p>
      {problem?.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e) => (
            <li key={`${e.field}:${e.message}`}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Nothing to show yet, and what to do about it. */
export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

interface QueryLike<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: T | undefined;
}

/** The three states every page has: loading, error, and the data (empty is the caller's to say). */
export function Loaded<T>({ query, children }: { query: QueryLike<T>; children: (data: T) => ReactNode }) {
  if (query.isPending) return <Loading />;
  if (query.isError || query.data === undefined) return <ErrorNotice error={query.error} />;
  return <>{children(query.data)}</>;
}
