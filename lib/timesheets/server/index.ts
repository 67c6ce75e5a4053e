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
/** The four-eyes review of timesheets: drafts held instead of sent, then approved (lib/imports sends them) or returned. */
export {
  collisions,
  draftsAwaitingReview,
  draftToEdit,
  editDraft,
  holdForReview,
  listDrafts,
  returnDrafts,
  reviewRequired,
  setReviewRequired,
  type Collision,
  type DraftRow,
  type DraftToEdit,
  type DraftView,
  type TimesheetBody,
} from './drafts';
