import { resendOnboarding } from '@/lib/onboarding/server';
import { resendOnboardingSchema } from '@/lib/onboarding/schema';
import { db } from '@/lib/server/db';
import { authedRoute, readJson } from '@/lib/server/http/route';

/** A new link (the previous one stops working) and 7 more days; with a note, asks for changes to a submission. */
export const POST = authedRoute<{ id: string }>(async (request, { user, params }) => {
  const { note } = await readJson(request, resendOnboardingSchema);
  await resendOnboarding(db, user, params.id, note || undefined);
  return new Response(null, { status: 204 });
});
