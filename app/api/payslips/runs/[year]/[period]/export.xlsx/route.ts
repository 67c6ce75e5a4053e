import { exportPayRunReview, runOfRequest } from '@/lib/payslips/server';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';
import { authedRoute } from '@/lib/server/http/route';

/** GET /api/payslips/runs/{year}/{period}/export.xlsx?frequency — the run's review, differences and notes, as XLSX. */
export const GET = authedRoute<{ year: string; period: string }>(
  async (request, { user, params }) => {
    await requireRecentSecondFactor(user);
    return exportPayRunReview(user, runOfRequest(request, params), 'xlsx');
  },
  { sameOriginOnly: true },
);
