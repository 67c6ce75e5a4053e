import { saveDraft, submitOnboarding, takeLinkAttempt } from '@/lib/onboarding/server';
import { onboardBodySchema } from '@/lib/onboarding/schema';
import { db } from '@/lib/server/db';
import { publicRoute, readJson } from '@/lib/server/http/route';

/** The candidate's form (no session; the link's token is the credential, sent in the body, never in a URL we log). */
export const PUT = publicRoute(async (request) => {
  const { token, values } = await readJson(request, onboardBodySchema);
  await takeLinkAttempt(db, request.headers, token);
  await saveDraft(db, token, values);
  return new Response(null, { status: 204 });
});

export const POST = publicRoute(async (request) => {
  const { token, values } = await readJson(request, onboardBodySchema);
  await takeLinkAttempt(db, request.headers, token);
  await submitOnboarding(db, token, values);
  return new Response(null, { status: 204 });
});
