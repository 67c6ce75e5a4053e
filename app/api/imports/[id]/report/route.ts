import { importReport } from '@/lib/imports/server';
import { authedRoute } from '@/lib/server/http/route';

/** The report: every original row with its result, the Nxsys id or the error (CSV, formula cells neutralised). */
export const GET = authedRoute<{ id: string }>(async (_request, { user, params }) => importReport(user, params.id), {
  sameOriginOnly: true,
});
