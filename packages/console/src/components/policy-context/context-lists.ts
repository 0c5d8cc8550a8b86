import { useQuery } from '@tanstack/react-query';
import { answered, api } from '../../api/client.ts';

/** The largest page the management API answers. */
const PAGE_SIZE = 500;
/** A picker reads at most this many pages; beyond them, an id can still be typed (users) or linked. */
const MOST_PAGES = 10;

interface Listed<T> {
  items: T[];
  next: string | null;
}

/** Every page of a keyset-paged list (up to MOST_PAGES), for a picker's options. */
async function everyPage<T>(page: (after: string | undefined) => Promise<Listed<T>>): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  for (let read = 0; read < MOST_PAGES; read++) {
    const answer = await page(after);
    items.push(...answer.items);
    if (answer.next === null) break;
    after = answer.next;
  }
  return items;
}

const paging = (after: string | undefined) => ({ limit: PAGE_SIZE, ...(after !== undefined && { after }) });

/** The tenants the administrator may see (a tenant administrator: their subtree). */
export const useTenantOptions = () =>
  useQuery({
    queryKey: ['tenants', 'picker'],
    queryFn: () =>
      everyPage((after) => answered(api.GET('/admin/v1/tenants', { params: { query: paging(after) } }))),
  });

/** The clients of a tenant, or every client the administrator may see. */
export const useClientOptions = (tenantId: string) =>
  useQuery({
    queryKey: ['clients', 'picker', tenantId],
    queryFn: () =>
      everyPage((after) =>
        answered(
          api.GET('/admin/v1/clients', {
            params: { query: { ...paging(after), ...(tenantId !== '' && { tenantId }) } },
          }),
        ),
      ),
  });

/** Every scope (scopes apply across tenants). */
export const useScopeOptions = () =>
  useQuery({
    queryKey: ['scopes', 'picker'],
    queryFn: async () => (await answered(api.GET('/admin/v1/scopes'))).items,
  });

/** The first users of a tenant, as suggestions: a user id can always be typed. */
export const useUserOptions = (tenantId: string) =>
  useQuery({
    queryKey: ['users', 'picker', tenantId],
    enabled: tenantId !== '',
    queryFn: async () =>
      (await answered(api.GET('/admin/v1/users', { params: { query: { limit: 100, tenantId } } }))).items,
  });
