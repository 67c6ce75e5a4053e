import { auditLabel, recordAudit } from '@/lib/server/audit';
import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';
import { payRunReview, reviewWorkbook, runOfRequest } from '@/lib/payslips/server';
import { taxPeriodLabel } from '@/lib/tax-period';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

/** GET /api/payslips/runs/{year}/{period}/export.xlsx?frequency — the run's review, differences and notes, as XLSX. */
export const GET = authedRoute<{ year: string; period: string }>(
  async (request, { user, params }) => {
    await requireRecentSecondFactor(user);
    const run = runOfRequest(request, params);
    const review = await payRunReview(user, run);
    const workbook = await reviewWorkbook(review);
    await recordAudit(db, {
      agencyId: user.agency.id,
      actorId: user.id,
      action: 'payslip_review.exported',
      targetType: 'payslip_run',
      targetId: `${run.taxYear}/${run.taxPeriod}/${run.payFrequency ?? ''}`,
      targetLabel: auditLabel(`Pay run ${taxPeriodLabel(run)}`, 'XLSX'),
      details: { payslips: review.rows.length, differences: review.differences.length },
    });
    return new Response(workbook as Uint8Array<ArrayBuffer>, {
      headers: {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="pay-run-${run.taxYear}-${run.taxPeriod}-review.xlsx"`,
        'Cache-Control': 'no-store',
      },
    });
  },
  { sameOriginOnly: true },
);
