import 'server-only';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { db } from '@/lib/server/db';
import { listActivity, type ActivityFilters } from './activity';

/** The activity domain's server surface: the agency's audit log, filtered and paged, and how it reads. */
export {
  ACTION_LABELS,
  ACTIVITY_EXPORT_HEADER,
  ACTIVITY_PAGE_SIZE,
  activityRows,
  activityFiltersSchema,
  detailsText,
  listActivity,
  targetHref,
  targetText,
  type ActivityFilters,
} from './activity';

/** The activity page's rows, from the portal's database. */
export const agencyActivity = (user: { agency: Pick<CurrentUser['agency'], 'id'> }, filters: ActivityFilters) =>
  listActivity(db, user, filters);
