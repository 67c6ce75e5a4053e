import { revokeOnboarding } from '@/lib/onboarding/server';
import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';

/** Revokes an onboarding link: it stops working at once and what the candidate typed is deleted. */
export const DELETE = authedRoute<{ id: string }>(async (_request, { user, params }) => {
  await revokeOnboarding(db, user, params.id);
  return new Response(null, { status: 204 });
});
