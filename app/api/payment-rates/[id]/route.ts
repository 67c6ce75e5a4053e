import { authedRoute, readJsonBody } from '@/lib/server/http/route';
import { savePaymentRate } from '@/lib/payment-rates/server';

export const PUT = authedRoute<{ id: string }>(async (request, { user, params }) =>
  Response.json({ data: await savePaymentRate(user, await readJsonBody(request), params.id) }),
);
