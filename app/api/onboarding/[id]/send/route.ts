import { sendOnboardingToNxsys } from '@/lib/onboarding/server';
import { authedRoute, readJsonBody } from '@/lib/server/http/route';

/** Sends a reviewed submission to Nxsys (body: the staff form's values), once per invitation. */
export const POST = authedRoute<{ id: string }>(async (request, { user, params }) =>
  Response.json({ data: await sendOnboardingToNxsys(user, params.id, await readJsonBody(request)) }, { status: 201 }),
);
