import { createCandidate, countryOf, findCreatedCandidate } from '@/lib/candidates/server';
import { authedRoute, readJsonBody } from '@/lib/server/http/route';
import { exactlyOnce, idempotencyKeyOf } from '@/lib/server/idempotency';

/** POST /api/candidates?country=uk|ie — onboard a candidate (body: the candidate form), once per Idempotency-Key. */
export const POST = authedRoute(async (request, { user }) => {
  const country = countryOf(new URL(request.url).searchParams.get('country'));
  const body = await readJsonBody(request);
  const { status, data } = await exactlyOnce(
    user,
    {
      scope: 'candidate.create',
      key: idempotencyKeyOf(request),
      request: { country, body },
      // A create whose answer was lost: found by its e-mail, else sent again (never twice into Nxsys).
      recover: async () => {
        const id = await findCreatedCandidate(user, country, body);
        return id ? { status: 201, data: { id }, nxsysId: id } : null;
      },
    },
    async (claim) => {
      await claim.beforeSend();
      const created = await createCandidate(user, country, body);
      return { status: 201, data: created, nxsysId: created.id };
    },
  );
  return Response.json({ data }, { status });
});
