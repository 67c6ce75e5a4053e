// A list's state as held in the URL, and the query string our list API gets for it: pure functions shared by the
// browser (components/list/use-list-state.ts: the controls, the export links) and the server (a list page reads
// the page of rows the URL asks for), so both mean exactly the same query.

export const PAGE_SIZES = [10, 20, 50, 100] as const;

/** A column name our list API accepts for sorting (the route says 400 to anything else). */
export const SORT_FIELD = /^[A-Za-z]{1,40}$/;

export interface ListState {
  page: number;
  size: number;
  search: string;
  sortField?: string;
  sortType?: 'asc' | 'desc';
  /** Every other query parameter (filters, tabs), as in the URL. */
  filters: Record<string, string>;
}

export interface ListDefaults {
  size?: number;
  sortField?: string;
  sortType?: 'asc' | 'desc';
}

type Params = Pick<URLSearchParams, 'get' | 'forEach'>;

const OWN_KEYS = ['page', 'size', 'search', 'sortField', 'sortType'];

/**
 * The list state a URL asks for. A value that makes no sense (page "abc", -1, 2.5 or 1e999; a size not offered; a
 * sort column that is no column name) is read as its default, so a hand-edited URL shows a list rather than an
 * error. A parameter given twice counts once, by its first value (as a server page reads it: searchParamsOf).
 */
export function listStateOf(params: Params, defaults: ListDefaults = {}): ListState {
  const filters: Record<string, string> = {};
  params.forEach((value, key) => {
    if (!OWN_KEYS.includes(key) && value && !(key in filters)) filters[key] = value;
  });
  const page = Number(params.get('page'));
  const size = Number(params.get('size'));
  const sortField = params.get('sortField');
  const sortType = params.get('sortType');
  return {
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : (defaults.size ?? 20),
    search: params.get('search') ?? '',
    sortField: sortField && SORT_FIELD.test(sortField) ? sortField : defaults.sortField,
    sortType: sortType === 'asc' || sortType === 'desc' ? sortType : defaults.sortType,
    filters,
  };
}

/** The query string for our list API: page, size, search, sort and filters. */
export function listQueryOf(state: ListState): URLSearchParams {
  const q = new URLSearchParams({ page: String(state.page), size: String(state.size) });
  if (state.search) q.set('search', state.search);
  if (state.sortField) q.set('sortField', state.sortField);
  if (state.sortType) q.set('sortType', state.sortType);
  for (const [key, value] of Object.entries(state.filters)) q.set(key, value);
  return q;
}

/** The list API's query for a URL's parameters, as they are (a list with no query of its own). */
export const apiQueryOf = (params: Params, defaults: ListDefaults = {}) => listQueryOf(listStateOf(params, defaults));

/** A page's `searchParams` (Next: values may be arrays) as URLSearchParams, first value of each. */
export function searchParamsOf(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) params.set(key, first);
  }
  return params;
}
