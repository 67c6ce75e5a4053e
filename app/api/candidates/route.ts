import { createCandidate, countryOf } from '@/lib/candidates/server';
import { authedRoute, readJsonBody } from '@/lib/server/http/route';

/** POST /api/candidates?country=uk|ie — onboard a candidate (body: the candidate form). */
export const POST = authedRoute(async (request, { user }) => {
  const country = countryOf(new URL(request.url).searchParams.get('country'));
  return Response.json({ data: await createCandidate(user, country, await readJsonBody(request)) }, { status: 201 });
});
