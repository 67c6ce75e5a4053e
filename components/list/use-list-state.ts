'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { listQueryOf, listStateOf, type ListState } from './list-query';

export { PAGE_SIZES, type ListState } from './list-query';

/**
 * List state held in the URL (page, size, search, sort, filters), so a view can be shared, bookmarked and
 * survives reload. Changing anything but the page goes back to page 1.
 */
export function useListState(defaults: { size?: number; sortField?: string; sortType?: 'asc' | 'desc' } = {}) {
  const params = useSearchParams();
  const pathname = usePathname();

  const state = useMemo<ListState>(
    () => listStateOf(params, { size: defaults.size, sortField: defaults.sortField, sortType: defaults.sortType }),
    [params, defaults.size, defaults.sortField, defaults.sortType],
  );

  // The URL change lands a moment later, so two quick changes (leave one filter, pick another) would each start
  // from the same old URL and the first would be lost: start from the last URL we asked for until it lands.
  const pending = useRef<{ query: string; at: number } | null>(null);
  useEffect(() => {
    if (pending.current?.query === params.toString()) pending.current = null;
  }, [params]);

  const update = useCallback(
    (changes: Record<string, string | number | undefined | null>) => {
      const fresh = pending.current && Date.now() - pending.current.at < 2_000 ? pending.current.query : null;
      const next = new URLSearchParams(fresh ?? params.toString());
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined || value === null || value === '') next.delete(key);
        else next.set(key, String(value));
      }
      if (!('page' in changes)) next.delete('page');
      pending.current = { query: next.toString(), at: Date.now() };
      // The history API, not router.replace: Next syncs useSearchParams with it without asking the server to render
      // the page again, so paging, sorting and filtering stay in the browser (the page only prefetches the first view).
      window.history.replaceState(null, '', `${pathname}${next.size ? `?${next}` : ''}`);
    },
    [params, pathname],
  );

  /** The query string for our list API: page, size, search, sort and filters. */
  const query = useMemo(() => listQueryOf(state), [state]);

  return { state, update, query };
}
