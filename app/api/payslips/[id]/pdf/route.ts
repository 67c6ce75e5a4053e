import { auditLabel, recordAudit } from '@/lib/server/audit';
import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';
import { getPayslip, payslipCurrency, payslipPdf } from '@/lib/payslips/server';

/** GET /api/payslips/{id}/pdf?taxYear&taxPeriod — the payslip as a PDF download (the period helps find it in the list). */
export const GET = authedRoute<{ id: string }>(
  async (request, { user, params }) => {
    const q = new URL(request.url).searchParams;
    const payslip = await getPayslip(user, params.id, { taxYear: q.get('taxYear'), taxPeriod: q.get('taxPeriod') });
    const pdf = await payslipPdf(payslip, user.agency.name, (await payslipCurrency(user, payslip)).currency);
    await recordAudit(db, {
      agencyId: user.agency.id,
      actorId: user.id,
      action: 'payslip.downloaded',
      targetType: 'payslip',
      targetId: payslip.id,
      targetLabel: auditLabel(`Payslip ${payslip.id}`, payslip.candidateName, payslip.taxPeriod ? `period ${payslip.taxPeriod}` : null),
    });
    return new Response(pdf as Uint8Array<ArrayBuffer>, {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="payslip-${payslip.id}.pdf"`,
        'Cache-Control': 'no-store',
      },
    });
  },
  { sameOriginOnly: true },
);
