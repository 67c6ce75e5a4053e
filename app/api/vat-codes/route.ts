import { authedRoute } from '@/lib/server/http/route';
import { vatCodes } from '@/lib/payment-rates/server';

/** The agency's VAT codes, for pickers (cached upstream-side for 10 minutes). */
export const GET = authedRoute(async (_request, { user }) => Response.json({ data: await vatCodes(user) }));
