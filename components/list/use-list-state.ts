'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useOptimistic, useTransition } from 'react';
import { listQueryOf, listStateOf, type ListDefaults, type ListState } from '@/lib/list/query';

/**
 * List state held in the URL (page, size, search, sort, filters), so a view can be shared, bookmarked and
 * survives reload. Changing anything but the page goes back to page 1.
 *
 * A change navigates (router.replace in a transition): Next renders the page again on the server for the new
 * URL, which reads that page of the list. Until it has, the controls already show the new state (optimistic)
 * while the rows shown are still the old ones, marked `busy` — the list never empties while it loads.
 */
export function useListState(defaults: ListDefaults = {}) {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const [busy, startTransition] = useTransition();
  // The URL asked for while its page is on its way: two quick changes (leave one filter, pick another) build on it.
  const [current, setCurrent] = useOptimistic(params.toString());

  const state = useMemo<ListState>(
    () => listStateOf(new URLSearchParams(current), { size: defaults.size, sortField: defaults.sortField, sortType: defaults.sortType }),
    [current, defaults.size, defaults.sortField, defaults.sortType],
  );

  const update = useCallback(
    (changes: Record<string, string | number | undefined | null>) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined || value === null || value === '') next.delete(key);
        else next.set(key, String(value));
      }
      if (!('page' in changes)) next.delete('page');
      if (next.toString() === current) return;
      startTransition(() => {
        setCurrent(next.toString());
        // Replace, as before: the list's own changes do not pile up in the history (Back leaves the list).
        router.replace(`${pathname}${next.size ? `?${next}` : ''}`, { scroll: false });
      });
    },
    [current, pathname, router, setCurrent],
  );

  /** The query string for our list API: page, size, search, sort and filters. */
  const query = useMemo(() => listQueryOf(state), [state]);

  return { state, update, query, busy };
}
