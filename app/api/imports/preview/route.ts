import { previewImport, previewReport } from '@/lib/imports/server';
import { authedRoute, readJsonBody } from '@/lib/server/http/route';

/**
 * The rows of a file (as parsed, maybe corrected), the column mapping and pay frequency: checked, grouped, totalled;
 * nothing sent. `?format=csv`: the same check as a CSV, the rows with a Problems column, to fix the file and upload it again.
 */
export const POST = authedRoute(async (request, { user }) => {
  const input = await readJsonBody(request, 4 * 1024 * 1024);
  if (new URL(request.url).searchParams.get('format') === 'csv') return previewReport(user, input);
  return Response.json({ data: await previewImport(user, input) });
});
