import { ACTIVITY_EXPORT_HEADER, activityFiltersSchema, activityRows } from '@/lib/activity/server';
import { csvResponse } from '@/lib/server/csv';
import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';

/**
 * GET /api/activity/export?actor&action&from&to — the agency's activity log as the page filters it, every page, as
 * CSV (admins; from our own pages only, like every download). Targets read as on the page: "Priya Shah (SR-101011)".
 */
export const GET = authedRoute(
  async (request, { user }) => {
    const filters = activityFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    return csvResponse(`activity-${new Date().toISOString().slice(0, 10)}.csv`, ACTIVITY_EXPORT_HEADER, activityRows(db, user, filters));
  },
  { admin: true, sameOriginOnly: true },
);
