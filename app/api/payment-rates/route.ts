import { authedRoute, readJsonBody } from '@/lib/server/http/route';
import { exactlyOnce, idempotencyKeyOf } from '@/lib/server/idempotency';
import { savePaymentRate } from '@/lib/payment-rates/server';

/** POST /api/payment-rates — create a payment rate, once per Idempotency-Key. */
export const POST = authedRoute(async (request, { user }) => {
  const body = await readJsonBody(request);
  const { status, data } = await exactlyOnce(
    user,
    { scope: 'payment_rate.create', key: idempotencyKeyOf(request), request: body },
    async (claim) => {
      await claim.beforeSend();
      const saved = await savePaymentRate(user, body);
      return { status: 201, data: saved, nxsysId: saved.id };
    },
  );
  return Response.json({ data }, { status });
});
