import { auditLabel, recordAudit } from '@/lib/server/audit';
import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';
import { payRunReview, runOfRequest, runPdfZip } from '@/lib/payslips/server';
import { taxPeriodLabel } from '@/lib/tax-period';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

/** GET /api/payslips/runs/{year}/{period}/payslips.zip?frequency — every payslip PDF of the run in one ZIP (audited, same-origin only). */
export const GET = authedRoute<{ year: string; period: string }>(
  async (request, { user, params }) => {
    await requireRecentSecondFactor(user);
    const run = runOfRequest(request, params);
    const review = await payRunReview(user, run);
    const zip = await runPdfZip(user, review);
    await recordAudit(db, {
      agencyId: user.agency.id,
      actorId: user.id,
      action: 'payslip_run.downloaded',
      targetType: 'payslip_run',
      targetId: `${run.taxYear}/${run.taxPeriod}/${run.payFrequency ?? ''}`,
      targetLabel: auditLabel(`Pay run ${taxPeriodLabel(run)}`, `${review.rows.length} payslips`),
      details: { payslipIds: review.rows.map((r) => r.payslip.id) },
    });
    return new Response(zip as Uint8Array<ArrayBuffer>, {
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="pay-run-${run.taxYear}-${run.taxPeriod}-payslips.zip"`,
        'Cache-Control': 'no-store',
      },
    });
  },
  { sameOriginOnly: true },
);
