import 'server-only';

/** The dashboard's server surface: its cards (cached per agency, stale after a change) and their errors. */
export { cardError, dashboardCard, forgetDashboard, startOfWeek, type CardData, type CardName, type TimesheetSummary } from './cards';
export { TREND_WEEKS, weeklyTrends, type TrendSubject } from './trends';
