import { countryOf, updateCandidate } from '@/lib/candidates/server';
import { authedRoute, readJsonBody } from '@/lib/server/http/route';

/** PUT /api/candidates/SR-…?country=uk|ie — save an edited candidate. */
export const PUT = authedRoute<{ id: string }>(async (request, { user, params }) => {
  const country = countryOf(new URL(request.url).searchParams.get('country'));
  return Response.json({ data: await updateCandidate(user, country, params.id, await readJsonBody(request)) });
});
