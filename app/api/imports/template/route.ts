import { importTemplate } from '@/lib/imports/server';
import { authedRoute } from '@/lib/server/http/route';

/** GET /api/imports/template?kind=timesheets|candidates: the CSV template with sample rows. */
export const GET = authedRoute(async (request) =>
  importTemplate(new URL(request.url).searchParams.get('kind') === 'candidates' ? 'CANDIDATES' : 'TIMESHEETS'),
);
