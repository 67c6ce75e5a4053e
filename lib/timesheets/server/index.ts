import 'server-only';

/** The timesheets domain's server surface. */
export {
  checkTotals,
  createTimesheet,
  getTimesheet,
  timesheetCandidate,
  timesheetsPage,
  timesheetsWithCandidates,
  updateTimesheet,
} from './timesheets';
export {
  createdSince,
  findExistingForEach,
  findExistingTimesheets,
  isTimesheetFrom,
  nxsysTimesheetsFor,
  type ExistingTimesheet,
  type TimesheetSubject,
} from './find-existing';
export { TIMESHEET_LISTS } from './lists';
export { timesheetExport } from './export';
