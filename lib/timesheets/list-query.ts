import type { ListDefaults } from '@/lib/list/query';

/** The timesheets list's order when the URL names none (the server page and the list's controls alike). */
export const TIMESHEETS_DEFAULTS: ListDefaults = { sortField: 'startDate', sortType: 'desc' };
