import { authedRoute, readJsonBody } from '@/lib/server/http/route';
import { approveDrafts } from '@/lib/imports/server';

/** POST /api/review/approve — approve these drafts at these versions: one import job (the same one if sent again). */
export const POST = authedRoute(
  async (request, { user }) => Response.json({ data: await approveDrafts(user, await readJsonBody(request)) }, { status: 202 }),
  { admin: true },
);
