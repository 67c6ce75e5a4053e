import { requestRightToWorkScan } from '@/lib/candidates/server';
import { authedRoute } from '@/lib/server/http/route';

/**
 * POST /api/candidates/right-to-work — "Check again now": asks for a fresh right-to-work scan of the agency's
 * candidates (a background job; one at a time per agency). The list's filter says "checking…" until it is done.
 */
export const POST = authedRoute(async (_request, { user }) => {
  await requestRightToWorkScan(user.agency.id);
  return Response.json({ requested: true }, { status: 202 });
});
