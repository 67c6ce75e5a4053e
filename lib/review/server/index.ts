import 'server-only';

/** The four-eyes review of timesheets: drafts held instead of sent, approved (sent by one import job) or returned. */
export {
  approveDrafts,
  draftsAwaitingReview,
  editDraft,
  holdForReview,
  listDrafts,
  returnDrafts,
  reviewRequired,
  setReviewRequired,
  type DraftView,
  type TimesheetBody,
} from './drafts';
