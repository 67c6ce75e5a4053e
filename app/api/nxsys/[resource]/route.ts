import { withCurrencies } from '@/lib/payslips/server';
import { timesheetsWithCandidates } from '@/lib/timesheets/server';
import { authedRoute } from '@/lib/server/http/route';
import { listResource } from '@/lib/registry';

/**
 * GET /api/nxsys/{candidates|candidates-ireland|vat-codes|payment-rates|timesheets|payslips}?page&size&…
 * Payslips and timesheets come with each one's currency (from its candidate's country; null when not known).
 */
export const GET = authedRoute<{ resource: string }>(async (request, { user, params }) => {
  const page = await listResource(user, params.resource, new URL(request.url).searchParams);
  if (params.resource === 'payslips') return Response.json(await withCurrencies(user, page));
  if (params.resource === 'timesheets') return Response.json(await timesheetsWithCandidates(user, page));
  return Response.json(page);
});
