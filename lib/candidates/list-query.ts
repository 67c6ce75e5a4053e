import { listQueryOf, listStateOf } from '@/lib/list/query';

/** The candidates list's country, Nxsys list and API query for a URL's parameters (browser and server alike). */
export function candidatesListQuery(params: Pick<URLSearchParams, 'get' | 'forEach'>) {
  const state = listStateOf(params);
  const country: 'uk' | 'ie' = state.filters.country === 'ie' ? 'ie' : 'uk';
  const apiQuery = listQueryOf(state);
  apiQuery.delete('country');
  const resource = country === 'ie' ? 'candidates-ireland' : 'candidates';
  return { country, apiQuery, resource };
}
