import { withRequestLimits } from '@/lib/server/http/request-limits';

/**
 * GET /api/health — liveness: the process answers HTTP. Public and cheap (no database): a failing database makes
 * the instance unready (/api/ready), not dead, so an orchestrator does not restart every instance at once.
 */
export const dynamic = 'force-dynamic';

export const GET = withRequestLimits(() => Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } }));
