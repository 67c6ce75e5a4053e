'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef } from 'react';

export const PAGE_SIZES = [10, 20, 50, 100] as const;

export interface ListState {
  page: number;
  size: number;
  search: string;
  sortField?: string;
  sortType?: 'asc' | 'desc';
  /** Every other query parameter (filters, tabs), as in the URL. */
  filters: Record<string, string>;
}

/**
 * List state held in the URL (page, size, search, sort, filters), so a view can be shared, bookmarked and
 * survives reload. Changing anything but the page goes back to page 1.
 */
export function useListState(defaults: { size?: number; sortField?: string; sortType?: 'asc' | 'desc' } = {}) {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();

  const state = useMemo<ListState>(() => {
    const filters: Record<string, string> = {};
    params.forEach((value, key) => {
      if (!['page', 'size', 'search', 'sortField', 'sortType'].includes(key) && value) filters[key] = value;
    });
    const size = Number(params.get('size'));
    const sortType = params.get('sortType');
    return {
      page: Math.max(1, Number(params.get('page')) || 1),
      size: (PAGE_SIZES as readonly number[]).includes(size) ? size : (defaults.size ?? 20),
      search: params.get('search') ?? '',
      sortField: params.get('sortField') ?? defaults.sortField,
      sortType: sortType === 'asc' || sortType === 'desc' ? sortType : defaults.sortType,
      filters,
    };
  }, [params, defaults.size, defaults.sortField, defaults.sortType]);

  // router.replace lands a moment later, so two quick changes (leave one filter, pick another) would each start
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
      router.replace(`${pathname}${next.size ? `?${next}` : ''}`, { scroll: false });
    },
    [params, pathname, router],
  );

  /** The query string for our list API: page, size, search, sort and filters. */
  const query = useMemo(() => {
    const q = new URLSearchParams({ page: String(state.page), size: String(state.size) });
    if (state.search) q.set('search', state.search);
    if (state.sortField) q.set('sortField', state.sortField);
    if (state.sortType) q.set('sortType', state.sortType);
    for (const [key, value] of Object.entries(state.filters)) q.set(key, value);
    return q;
  }, [state]);

  return { state, update, query };
}
