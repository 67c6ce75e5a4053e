import { authedRoute, readJsonBody } from '@/lib/server/http/route';
import { returnDrafts } from '@/lib/timesheets/server';

/** POST /api/review/return — return these drafts (at these versions) to their authors with a reason. */
export const POST = authedRoute(
  async (request, { user }) => Response.json({ data: await returnDrafts(user, await readJsonBody(request)) }),
  {
    admin: true,
  },
);
