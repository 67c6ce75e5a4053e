import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';
import { callNxsys } from '@/lib/server/nxsys';
import { connectionSummary } from '@/lib/connection/server';

/** "Test connection": one cheap authenticated read, then the connection's state as it now stands. */
export const POST = authedRoute(async (_request, { user }) => {
  await callNxsys(user, { method: 'GET', path: '/nxsys/vat-code', query: { page: 1, size: 1 } });
  return Response.json({ ok: true, connection: await connectionSummary(db, user.agency.id) });
});
