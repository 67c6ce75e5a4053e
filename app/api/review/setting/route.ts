import { authedRoute, readJsonBody } from '@/lib/server/http/route';
import { setReviewRequired } from '@/lib/timesheets/server';

/** PUT /api/review/setting — { reviewTimesheets: boolean }: hold portal timesheets for review, or send them straight away. */
export const PUT = authedRoute(
  async (request, { user }) => Response.json({ data: await setReviewRequired(user, await readJsonBody(request)) }),
  {
    admin: true,
  },
);
