import { authedRoute } from '@/lib/server/http/route';
import { listResource } from '@/lib/server/nxsys/resources';

/** GET /api/nxsys/{candidates|candidates-ireland|vat-codes|payment-rates|timesheets|payslips}?page&size&… */
export const GET = authedRoute<{ resource: string }>(async (request, { user, params }) =>
  Response.json(await listResource(user, params.resource, new URL(request.url).searchParams)),
);
