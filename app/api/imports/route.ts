import { recentImports, startImport } from '@/lib/imports/server';
import { authedRoute, readJsonBody } from '@/lib/server/http/route';

/** The agency's recent imports. */
export const GET = authedRoute(async (_request, { user }) => Response.json({ data: await recentImports(user) }));

/** Starts an import (checked again; refused while any row has a problem); answers with its id at once. */
export const POST = authedRoute(async (request, { user }) =>
  Response.json({ data: await startImport(user, await readJsonBody(request, 4 * 1024 * 1024)) }, { status: 202 }),
);
