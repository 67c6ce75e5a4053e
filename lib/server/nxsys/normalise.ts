import 'server-only';
import type { PageMeta } from '@/lib/list/page';

export interface Page<T> {
  data: T[];
  meta: PageMeta;
}

/** A number, or a number sent as a string ("45"); anything else is undefined. */
export const num = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/**
 * Nxsys lists come as `{"items": […]}` without totals (the candidate and payslip examples), `{"data": […],
 * "meta": {…}}`, the older `{"data": […], "totalDocs": n}`, or a bare array, with numbers sometimes as strings.
 * Totals are reported only when Nxsys sent them; without them a full page may be followed by more.
 */
export function normalisePage<T = Record<string, unknown>>(body: unknown, requested: { page: number; size: number }): Page<T> {
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const list = Array.isArray(body) ? body : Array.isArray(b.items) ? b.items : Array.isArray(b.data) ? b.data : [];
  const meta = (b.meta && typeof b.meta === 'object' ? b.meta : b) as Record<string, unknown>;
  // Our own page and size: a server that ignores `size` answers its default, which says nothing about ours.
  const { page, size } = requested;
  const totalDocs = num(meta.totalDocs) ?? num(meta.total) ?? null;
  const totalPages = num(meta.totalPages) ?? (totalDocs === null ? null : Math.max(1, Math.ceil(totalDocs / Math.max(1, size))));
  const hasMore = totalPages !== null ? page < totalPages : list.length >= size;
  return { data: list as T[], meta: { page, size, totalDocs, totalPages, hasMore } };
}

/** `{"data": x}`, `{"data": [x]}` (timesheet update), `{"data": {"candidate": x}}` (Irish get-by-id) or x. */
export function unwrapOne<T = Record<string, unknown>>(body: unknown): T | null {
  if (!body || typeof body !== 'object') return null;
  let value: unknown = 'data' in body ? (body as { data: unknown }).data : body;
  if (Array.isArray(value)) value = value[0];
  if (value && typeof value === 'object' && 'candidate' in value) value = (value as { candidate: unknown }).candidate;
  return (value ?? null) as T | null;
}

/** Upper bound of pages read when the portal must look through a list itself (100 rows a page). */
export const MAX_SCAN_PAGES = 20;

/**
 * Reads a list page by page (100 a page) until a short page (the end), `enough` matches, or `maxPages`
 * (a sane bound on a list whose end Nxsys never states), or a page that repeats the one before (a server that
 * ignores `page`: incomplete). Only rows that pass `keep` are kept.
 */
export async function scanList<T>(
  fetchPage: (page: number, size: number) => Promise<Page<T>>,
  {
    keep = () => true,
    enough = Infinity,
    maxPages = MAX_SCAN_PAGES,
  }: { keep?: (item: T) => boolean; enough?: number; maxPages?: number } = {},
): Promise<{ matches: T[]; complete: boolean }> {
  const matches: T[] = [];
  let previous = '';
  for (let page = 1; page <= maxPages; page++) {
    const { data, meta } = await fetchPage(page, 100);
    // A server that ignores `page` sends page 1 again and again: that list never ends, and is not complete.
    const seen = JSON.stringify(data);
    if (page > 1 && data.length > 0 && seen === previous) return { matches, complete: false };
    previous = seen;
    for (const item of data) if (keep(item)) matches.push(item);
    if (!meta.hasMore || data.length === 0) return { matches, complete: true };
    if (matches.length >= enough) return { matches, complete: false };
  }
  return { matches, complete: false };
}

/**
 * Every item of a paged list, page after page until a short page (or one Nxsys's totals say is the last):
 * lists without totals are normal. `maxPages` bounds a list that never ends.
 */
export async function* allPages<T>(fetchPage: (page: number) => Promise<{ data: T[]; meta: { hasMore: boolean } }>, maxPages = 500) {
  for (let page = 1; page <= maxPages; page++) {
    const { data, meta } = await fetchPage(page);
    yield* data;
    if (!meta.hasMore || data.length === 0) return;
  }
}
