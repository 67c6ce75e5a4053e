import { describe, expect, it } from 'vitest';
import { candidatesListQuery } from '@/lib/candidates/list-query';
import { apiQueryOf, listQueryOf, listStateOf, searchParamsOf } from '@/lib/list/query';
import { TIMESHEETS_DEFAULTS } from '@/lib/timesheets/list-query';

const state = (query: string, defaults = {}) => listStateOf(new URLSearchParams(query), defaults);

describe('list state from the URL (lib/list)', () => {
  it('reads the page, size, search, sort and filters the URL asks for', () => {
    expect(state('page=3&size=50&search=smith&sortField=surname&sortType=desc&status=Active&country=ie')).toEqual({
      page: 3,
      size: 50,
      search: 'smith',
      sortField: 'surname',
      sortType: 'desc',
      filters: { status: 'Active', country: 'ie' },
    });
    expect(state('page=2').page).toBe(2);
    expect(state('page=12345').page).toBe(12345);
  });

  it('an empty URL is page 1 of the default size and order, no search, no filters', () => {
    expect(state('')).toEqual({ page: 1, size: 20, search: '', sortField: undefined, sortType: undefined, filters: {} });
    expect(state('', TIMESHEETS_DEFAULTS)).toMatchObject({ page: 1, size: 20, sortField: 'startDate', sortType: 'desc' });
    expect(state('', { size: 50 }).size).toBe(50);
    // Empty values count as not given: no empty filter is sent.
    expect(state('page=&size=&search=&sortField=&sortType=&status=')).toEqual(state(''));
  });

  it.each(['-1', '0', 'abc', 'NaN', '2.5', '1e999', 'Infinity', '99999999999999999999', ' '])('a page of %j is page 1', (page) => {
    expect(state(`page=${encodeURIComponent(page)}`).page).toBe(1);
  });

  it.each(['7', '0', '-20', '1000', 'abc', '20.5'])('a size of %j that is not offered is the default', (size) => {
    expect(state(`size=${size}`).size).toBe(20);
    expect(state(`size=${size}`, { size: 50 }).size).toBe(50);
  });

  it.each([10, 20, 50, 100])('every size offered is kept (%i)', (size) => {
    expect(state(`size=${size}`).size).toBe(size);
  });

  it('a sort column that is no column name, or an unknown direction, falls back to the list default', () => {
    expect(state('sortField=surname;drop&sortType=sideways', TIMESHEETS_DEFAULTS)).toMatchObject({
      sortField: 'startDate',
      sortType: 'desc',
    });
    expect(state('sortField=a.b')).toMatchObject({ sortField: undefined });
    expect(state(`sortField=${'a'.repeat(41)}`).sortField).toBeUndefined();
    expect(state('sortField=endDate&sortType=asc', TIMESHEETS_DEFAULTS)).toMatchObject({ sortField: 'endDate', sortType: 'asc' });
  });

  it('a parameter given twice counts once, by its first value (as the server page reads it)', () => {
    const repeated = 'page=2&page=5&status=Active&status=Left&sortField=code&sortField=name';
    expect(state(repeated)).toMatchObject({ page: 2, sortField: 'code', filters: { status: 'Active' } });
    // The server page gets Next's arrays: the same state.
    const fromNext = searchParamsOf({ page: ['2', '5'], status: ['Active', 'Left'], sortField: ['code', 'name'], empty: undefined });
    expect(listStateOf(fromNext)).toEqual(state(repeated));
  });
});

describe('the list API query for a URL (browser and server alike)', () => {
  it('carries the page and everything else the URL asks for, in one order', () => {
    const query = apiQueryOf(new URLSearchParams('status=Active&page=4&search=ann&size=50'), TIMESHEETS_DEFAULTS);
    expect(query.toString()).toBe('page=4&size=50&search=ann&sortField=startDate&sortType=desc&status=Active');
    expect(listQueryOf(state('page=2')).get('page')).toBe('2');
  });

  it('candidates: the country picks the Nxsys list and is not sent as a filter; the page is kept', () => {
    const uk = candidatesListQuery(new URLSearchParams('page=3&search=smith'));
    expect(uk).toMatchObject({ country: 'uk', resource: 'candidates' });
    expect(uk.apiQuery.toString()).toBe('page=3&size=20&search=smith');
    const ie = candidatesListQuery(new URLSearchParams('country=ie&page=2&status=Active'));
    expect(ie).toMatchObject({ country: 'ie', resource: 'candidates-ireland' });
    expect(ie.apiQuery.toString()).toBe('page=2&size=20&status=Active');
    expect(candidatesListQuery(new URLSearchParams('country=fr')).resource).toBe('candidates');
  });
});
