import 'server-only';

/** The dashboard's server surface: its cards (cached per agency, stale after a change) and their errors. */
export { cardError, dashboardCard, forgetDashboard, startOfWeek, type CardData, type CardName, type TimesheetSummary } from './cards';
export {
  copyHref,
  enterHref,
  londonToday,
  missingTimesheets,
  type MissingGroup,
  type MissingTimesheets,
  type MissingWorker,
} from './missing';
export { importsNeedingAttention, rightToWorkDue } from './todo';
export { TREND_WEEKS, weeklyTrends, type TrendSubject } from './trends';
