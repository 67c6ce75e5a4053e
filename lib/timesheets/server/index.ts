import 'server-only';

/** The timesheets domain's server surface. */
export { checkTotals, createTimesheet, getTimesheet, timesheetsPage, updateTimesheet } from './timesheets';
export { TIMESHEET_LISTS } from './lists';
