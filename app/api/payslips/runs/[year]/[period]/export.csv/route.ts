import { auditLabel, recordAudit } from '@/lib/server/audit';
import { csvResponse } from '@/lib/server/csv';
import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';
import { REVIEW_HEADER, payRunReview, reviewRows, runOfRequest } from '@/lib/payslips/server';
import { taxPeriodLabel } from '@/lib/tax-period';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

/** GET /api/payslips/runs/{year}/{period}/export.csv?frequency — the run's review, differences and notes, as CSV. */
export const GET = authedRoute<{ year: string; period: string }>(
  async (request, { user, params }) => {
    await requireRecentSecondFactor(user);
    const run = runOfRequest(request, params);
    const review = await payRunReview(user, run);
    await recordAudit(db, {
      agencyId: user.agency.id,
      actorId: user.id,
      action: 'payslip_review.exported',
      targetType: 'payslip_run',
      targetId: `${run.taxYear}/${run.taxPeriod}/${run.payFrequency ?? ''}`,
      targetLabel: auditLabel(`Pay run ${taxPeriodLabel(run)}`, 'CSV'),
      details: { payslips: review.rows.length, differences: review.differences.length },
    });
    const rows = reviewRows(review);
    return csvResponse(
      `pay-run-${run.taxYear}-${run.taxPeriod}-review.csv`,
      REVIEW_HEADER,
      (async function* () {
        yield* rows;
      })(),
    );
  },
  { sameOriginOnly: true },
);
