import { exportPayRunReview, runOfRequest } from '@/lib/payslips/server';
import { authedRoute } from '@/lib/server/http/route';

/** GET /api/payslips/runs/{year}/{period}/export.xlsx?frequency — the run's review, differences and notes, as XLSX. */
export const GET = authedRoute<{ year: string; period: string }>(
  async (request, { user, params }) => exportPayRunReview(user, runOfRequest(request, params), 'xlsx'),
  { sameOriginOnly: true },
);
