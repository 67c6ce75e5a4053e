import { inviteCandidate, listOnboarding } from '@/lib/onboarding/server';
import { newOnboardingSchema } from '@/lib/onboarding/schema';
import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';

/** The agency's onboarding invitations with their states. */
export const GET = authedRoute(async (_request, { user }) => Response.json({ data: await listOnboarding(db, user.agency.id) }));

/** Invites a candidate to fill in their own details (e-mails the link). */
export const POST = authedRoute(async (request, { user }) => {
  const input = await readJson(request, newOnboardingSchema);
  const { summary } = await inviteCandidate(db, user, input);
  return Response.json({ data: summary }, { status: 201 });
});
