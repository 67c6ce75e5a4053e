// A list's state as held in the URL, and the query string our list API gets for it: pure functions shared by the
// browser (use-list-state.ts: the controls, the export links) and the server (a list page reads the page of rows
// the URL asks for), so both mean exactly the same query.

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

export interface ListDefaults {
  size?: number;
  sortField?: string;
  sortType?: 'asc' | 'desc';
}

export function listStateOf(params: Pick<URLSearchParams, 'get' | 'forEach'>, defaults: ListDefaults = {}): ListState {
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

/** A page's `searchParams` (Next: values may be arrays) as URLSearchParams, first value of each. */
export function searchParamsOf(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) params.set(key, first);
  }
  return params;
}

/** A list whose API query is its URL state as it is: the query and the cache key `[name, query]`, for browser and server. */
export function plainListQuery(name: string, params: Pick<URLSearchParams, 'get' | 'forEach'>, defaults: ListDefaults = {}) {
  const query = listQueryOf(listStateOf(params, defaults));
  return { query, queryKey: [name, query.toString()] as const };
}

export const TIMESHEETS_DEFAULTS: ListDefaults = { sortField: 'startDate', sortType: 'desc' };
