import { authedRoute, readJsonBody } from '@/lib/server/http/route';
import { savePaymentRate } from '@/lib/payment-rates/server';

export const POST = authedRoute(async (request, { user }) =>
  Response.json({ data: await savePaymentRate(user, await readJsonBody(request)) }, { status: 201 }),
);
