import { recordAudit } from '@/lib/server/audit';
import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';
import { getPayslip, payslipPdf } from '@/lib/server/payslips';

/** GET /api/payslips/{id}/pdf?candidate=SR-… — the payslip as a PDF download (the candidate helps find it). */
export const GET = authedRoute<{ id: string }>(async (request, { user, params }) => {
  const payslip = await getPayslip(user, params.id, new URL(request.url).searchParams.get('candidate'));
  const pdf = await payslipPdf(payslip, user.agency.name);
  await recordAudit(db, { agencyId: user.agency.id, actorId: user.id, action: 'payslip.downloaded', targetType: 'payslip', targetId: payslip.id });
  return new Response(pdf as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="payslip-${payslip.id}.pdf"`,
      'Cache-Control': 'no-store',
    },
  });
}, { sameOriginOnly: true });
