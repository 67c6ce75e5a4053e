import { previewImport } from '@/lib/imports/server';
import { authedRoute, readJsonBody } from '@/lib/server/http/route';

/** The rows of a file (as parsed, maybe corrected), the column mapping and pay frequency: checked, grouped, totalled; nothing sent. */
export const POST = authedRoute(async (request, { user }) =>
  Response.json({ data: await previewImport(user, await readJsonBody(request, 4 * 1024 * 1024)) }),
);
