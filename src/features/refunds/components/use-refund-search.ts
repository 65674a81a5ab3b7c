'use client';

import { useQueryStates } from 'nuqs';
import { useTransition } from 'react';
import { refundSearchParsers } from '../search-params';

/**
 * The grid's URL state on the client, through the same parsers the page uses on the server.
 * Changing a filter, the sort or the page size goes back to page 1 and drops the keyset cursor;
 * every change is a history entry (back/forward work) and re-renders the page on the server.
 */
export function useRefundSearch() {
  const [pending, startTransition] = useTransition();
  const [search, setSearch] = useQueryStates(refundSearchParsers, { shallow: false, history: 'push', startTransition, scroll: false });
  type Patch = Parameters<typeof setSearch>[0];
  const setFilters = (patch: Patch) => setSearch({ ...(patch as object), page: null, cursor: null, view: null });
  return { search, setSearch, setFilters, pending };
}
