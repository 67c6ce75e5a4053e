import { db } from '@/lib/server/db';
import { readiness } from '@/lib/server/health';
import { withRequestLimits } from '@/lib/server/http/request-limits';

/**
 * GET /api/ready — readiness: 200 when this instance should get traffic (database reachable, migrations applied,
 * not shutting down), 503 otherwise. Public, and says nothing beyond those three checks.
 */
export const dynamic = 'force-dynamic';

export const GET = withRequestLimits(async () => {
  const result = await readiness(db);
  return Response.json(result, { status: result.ready ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
});
