import { useState } from 'react';

/**
 * Keyset paging as the management API does it: each page answers the cursor of the next (`next`), so going
 * back means remembering the cursors already followed.
 */
export function usePager() {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    after: cursors.at(-1),
    page: cursors.length + 1,
    next: (cursor: string) => setCursors((c) => [...c, cursor]),
    previous: () => setCursors((c) => c.slice(0, -1)),
    reset: () => setCursors([]),
  };
}

export function Pager({
  pager,
  next,
}: {
  pager: ReturnType<typeof usePager>;
  next: string | null | undefined;
}) {
  if (pager.page === 1 && !next) return null;
  return (
    <nav className="toolbar" aria-label="Pages">
      <button type="button" className="button" disabled={pager.page === 1} onClick={pager.previous}>
        Previous page
      </button>
      <span aria-live="polite">Page {pager.page}</span>
      <button type="button" className="button" disabled={!next} onClick={() => next && pager.next(next)}>
        Next page
      </button>
    </nav>
  );
}
