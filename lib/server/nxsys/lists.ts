import 'server-only';
import { z } from 'zod';
import { isRecordId, type RecordKind } from '@/lib/ids';
import { SORT_FIELD } from '@/lib/list/query';
import { ApiError } from '../http/api-error';
import type { CurrentUser } from '../auth/current-user';
import { callNxsys } from './index';
import type { NxsysRequest } from './client';
import { normalisePage, scanList, unwrapOne, type Page } from './normalise';

/**
 * The shared machinery for reading a documented Nxsys list: paging, filters the docs name (sent) and filters
 * they do not (sent as hints and checked on every row). Each domain describes its own lists (a ListDef).
 */
export type Item = Record<string, unknown>;
/** Whether a row Nxsys sent really matches a filter (whatever the server did with the parameter). */
export type Check = (item: Item, value: string, params: URLSearchParams) => boolean;

export const text = (v: unknown) => (v === null || v === undefined || typeof v === 'object' ? '' : String(v));
export const same =
  (field: string): Check =>
  (item, value) =>
    text(item[field]) !== '' && text(item[field]).toLowerCase() === value.toLowerCase();
export const contains =
  (fields: string[]): Check =>
  (item, value) => {
    const wanted = value.toLowerCase();
    // Identifiers are typed with or without their spaces ("AB 12 34 56 C", "D02 Y006"): compared without them too.
    const compact = (v: string) => v.toLowerCase().replace(/\s+/g, '');
    const haystack = [...fields.map((f) => text(item[f])), `${text(item.forename)} ${text(item.surname)}`];
    return haystack.some((v) => v.toLowerCase().includes(wanted) || (compact(wanted) !== '' && compact(v).includes(compact(wanted))));
  };
/** A reference Nxsys sends as an id string or as `{ id, … }`. */
export const refId = (v: unknown) => (typeof v === 'string' ? v : v && typeof v === 'object' ? text((v as Item).id) : '');

export interface ListDef {
  path: string;
  idKind: RecordKind;
  /** Query parameters the docs name for this list: sent as they are. */
  documented: readonly string[];
  /** Filters the docs do not name (our guesses): sent as hints, a server may ignore them, so every row shown is checked. */
  checked: Record<string, Check>;
  /** The docs name sortField/sortType for this list. */
  sortable: boolean;
  /** A documented read by id. */
  readById: boolean;
  /** Our own filters, applied by the portal only: never sent to Nxsys. */
  localOnly?: readonly string[];
  /**
   * The order the portal puts the list in, for a list whose docs give no sort (payslips: newest first): the list is
   * then read to its end (bounded) and sorted here, since Nxsys's own order is whatever it is.
   */
  order?: (a: Item, b: Item) => number;
}

/** Every filter key a list takes (documented or checked), e.g. for the audit log. */
export const filterKeysOf = (list: ListDef) => [...list.documented, ...Object.keys(list.checked)];

const listQuery = z.object({
  page: z.coerce.number().int().min(1, 'page starts at 1').default(1),
  size: z.coerce.number().int().min(1).max(100, 'at most 100 rows a page').default(20),
  sortField: z.string().regex(SORT_FIELD, 'not a sortable column').optional(),
  sortType: z.enum(['asc', 'desc']).optional(),
});

export type ReadOptions = Pick<NxsysRequest, 'maxAttempts' | 'timeoutMs'>;
type AgencyUser = Pick<CurrentUser, 'agency'>;

/** One page of a list exactly as Nxsys answered it (normalised), with the query given. */
export async function upstreamPage(
  user: AgencyUser,
  list: ListDef,
  query: Record<string, string | number | undefined>,
  page: number,
  size: number,
  options: ReadOptions = {},
) {
  const { body } = await callNxsys(user, { method: 'GET', path: list.path, query: { ...query, page, size }, ...options });
  return normalisePage<Item>(body, { page, size });
}

/** `upstreamPage` bound to one list: what a domain exports for others to read its list page by page. */
export const pageReader =
  (list: ListDef) =>
  (user: AgencyUser, query: Record<string, string | number | undefined>, page: number, size: number, options: ReadOptions = {}) =>
    upstreamPage(user, list, query, page, size, options);

/**
 * A page of a list, in one shape whatever envelope Nxsys used. With a filter the docs do not name, the
 * portal looks through the list itself (bounded) and shows only rows that match, so a server that ignores
 * the parameter never produces wrong rows or counts.
 */
export async function listPage(user: AgencyUser, list: ListDef, params: URLSearchParams, options: ReadOptions = {}): Promise<Page<Item>> {
  const { page, size, fetchPage, checks, keep } = readerOf(user, list, params, options);
  if (checks === 0 && !list.order) return fetchPage(page, size);

  // A sorted list needs every row before its first page is known; a filtered one only enough rows for this page.
  const { matches, complete } = await scanList(fetchPage, { keep, enough: list.order ? Infinity : page * size + 1 });
  if (list.order) matches.sort(list.order);
  const data = matches.slice((page - 1) * size, page * size);
  const totalDocs = complete ? matches.length : null;
  return {
    data,
    meta: {
      page,
      size,
      totalDocs,
      totalPages: totalDocs === null ? null : Math.max(1, Math.ceil(totalDocs / size)),
      hasMore: matches.length > page * size,
      // Unread rows could belong on this page (sorted) or after it (filtered).
      ...(!complete && (list.order || matches.length <= page * size) ? { partial: true } : {}),
    },
  };
}

/** What a URL's list query asks Nxsys for (documented parameters, hints) and the checks the portal makes on every row. */
function readerOf(user: AgencyUser, list: ListDef, params: URLSearchParams, options: ReadOptions) {
  const { page, size, sortField, sortType } = listQuery.parse(
    Object.fromEntries(['page', 'size', 'sortField', 'sortType'].flatMap((k) => (params.get(k) ? [[k, params.get(k)]] : []))),
  );
  const value = (key: string) => params.get(key)?.trim().slice(0, 200) || undefined;
  const query: Record<string, string | number | undefined> = list.sortable ? { sortField, sortType } : {};
  for (const key of list.documented) query[key] = value(key);
  const checks = Object.entries(list.checked).flatMap(([key, check]) => {
    const v = value(key);
    if (!v) return [];
    if (!list.localOnly?.includes(key)) query[key] = v; // a hint: fewer pages to read on a server that honours it
    return [(item: Item) => check(item, v, params)];
  });
  return {
    page,
    size,
    checks: checks.length,
    keep: (item: Item) => checks.every((c) => c(item)),
    fetchPage: (p: number, s: number) => upstreamPage(user, list, query, p, s, options),
  };
}

/**
 * Every row of a list that passes the URL's filters, in the list's order (Nxsys's sort when documented and asked
 * for, else ListDef.order), read once to its end: what an export of the filtered list holds. `complete` is false
 * when the list did not end within `maxPages` (or a server repeated a page): the caller must not pretend it is whole.
 */
export async function listAll(
  user: AgencyUser,
  list: ListDef,
  params: URLSearchParams,
  { maxPages = 500, ...options }: ReadOptions & { maxPages?: number } = {},
) {
  const { fetchPage, keep } = readerOf(user, list, params, options);
  const { matches, complete } = await scanList(fetchPage, { keep, maxPages });
  if (list.order) matches.sort(list.order);
  return { rows: matches, complete };
}

/** One record by id, from a list with a documented read by id; a malformed id is a 404 without asking Nxsys. */
export async function getRecord(user: AgencyUser, list: ListDef, id: string): Promise<Item> {
  if (!list.readById || !isRecordId(list.idKind, id)) throw new ApiError('not_found', 'No such record.');
  const { body } = await callNxsys(user, { method: 'GET', path: `${list.path}/${id}` });
  const one = unwrapOne<Item>(body);
  if (!one) throw new ApiError('nxsys_error', 'Nxsys answered without the record.');
  return one;
}
