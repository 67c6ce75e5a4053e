import { forgetDashboard } from '@/lib/dashboard/server';
import { authedRoute } from '@/lib/server/http/route';

/** POST /api/dashboard/refresh — drop the agency's briefly kept dashboard figures, so the next view asks Nxsys. */
export const POST = authedRoute(async (_request, { user }) => {
  await forgetDashboard(user.agency.id);
  return new Response(null, { status: 204 });
});
