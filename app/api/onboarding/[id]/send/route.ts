import { sendOnboardingToNxsys } from '@/lib/onboarding/server';
import { authedRoute, readJsonBody } from '@/lib/server/http/route';

/** Sends a reviewed submission to Nxsys (body: the staff form's values; `version`: the submission reviewed), once. */
export const POST = authedRoute<{ id: string }>(async (request, { user, params }) => {
  const version = new URL(request.url).searchParams.get('version');
  return Response.json({ data: await sendOnboardingToNxsys(user, params.id, await readJsonBody(request), version) }, { status: 201 });
});
