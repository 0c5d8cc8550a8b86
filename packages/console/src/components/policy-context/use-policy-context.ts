import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { useMe } from '../../api/me.ts';
import { contextFromSearch, namesATenant, type PolicyContext, withContext } from './context-params.ts';

/**
 * The context a page works on, kept in its address so that a link reproduces it. A tenant administrator must
 * name a tenant, client or user (the API answers 403 otherwise): with none named, their own tenant is chosen.
 * `ready` is false until that choice is made, so no call is made that would only be refused.
 */
export function usePolicyContext() {
  const [search, setSearch] = useSearchParams();
  const me = useMe();
  const context = contextFromSearch(search);
  const administers = me.data?.administers;
  const mustName = typeof administers === 'string' && !namesATenant(context);

  useEffect(() => {
    if (mustName)
      setSearch((current) => withContext(current, { ...context, tenantId: administers }), { replace: true });
  }, [mustName, administers, context, setSearch]);

  return {
    context,
    /** A service administrator may leave every level out (the service itself); a tenant administrator may not. */
    serviceWide: administers === null,
    ready: me.data !== undefined && !mustName,
    apply: (next: PolicyContext) => setSearch((current) => withContext(current, next)),
    search,
    setSearch,
  };
}
