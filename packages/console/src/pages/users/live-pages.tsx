import { keepPreviousData, type UseQueryResult, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Pager, usePager } from '../../components/pager.tsx';
import { Empty, Loaded } from '../../components/states.tsx';

/** Rows a panel of the user's live sessions or families shows at once. */
const PAGE_SIZE = 20;

interface KeysetPage<T> {
  items: T[];
  next: string | null;
}

/** The query of one page of a management API list, in the API's keyset paging. */
export interface PageQuery {
  limit: number;
  after?: string;
}

/**
 * One page of something of the user's that lives outside the console (their sessions, their refresh-token
 * families): read afresh every time, the page before kept on screen while the next loads.
 */
export function useLivePages<T>(
  queryKey: readonly unknown[],
  fetchPage: (query: PageQuery) => Promise<KeysetPage<T>>,
) {
  const pager = usePager();
  const pages = useQuery({
    queryKey: [...queryKey, pager.after],
    queryFn: () => fetchPage({ limit: PAGE_SIZE, ...(pager.after !== undefined && { after: pager.after }) }),
    placeholderData: keepPreviousData,
    // logins, failures and lockouts happen outside the console: always read afresh
    staleTime: 0,
  });
  return { pager, pages };
}

/** A page of the list and the pager; when there is nothing at all, why. */
export function LivePages<T>({
  pager,
  pages,
  empty,
  children,
}: {
  pager: ReturnType<typeof usePager>;
  pages: UseQueryResult<KeysetPage<T>>;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <Loaded query={pages}>
      {(answer) =>
        answer.items.length === 0 && pager.page === 1 ? (
          <Empty>{empty}</Empty>
        ) : (
          <>
            {children(answer.items)}
            <Pager pager={pager} next={answer.next} />
          </>
        )
      }
    </Loaded>
  );
}
