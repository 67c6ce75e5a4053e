import { recordAudit } from '@/lib/server/audit';
import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';
import { exportFormatOf, exportResponse } from '@/lib/server/table-export';
import { filterKeys } from '@/lib/registry';
import { payslipExport } from '@/lib/payslips/server';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

/** The list filters only (ids and periods): the URL may also carry a candidate's name, which stays out of the log. */
const auditedFilters = (params: URLSearchParams) =>
  Object.fromEntries(filterKeys('payslips').flatMap((key) => (params.get(key) ? [[key, params.get(key)]] : [])));

/**
 * GET /api/payslips/export?format=csv|xlsx&taxYear&taxPeriod&subcontractorIds&candidateName… — exactly the payslips
 * the list's filters select, newest first, every page. Read in full before answering, so that a Nxsys failure is a
 * JSON error, not a broken file.
 */
export const GET = authedRoute(
  async (request, { user }) => {
    await requireRecentSecondFactor(user);
    const params = new URL(request.url).searchParams;
    const format = exportFormatOf(params);
    const table = await payslipExport(user, params);
    await recordAudit(db, {
      agencyId: user.agency.id,
      actorId: user.id,
      action: 'payslips.exported',
      targetType: 'payslip',
      details: { format, rows: table.rows.length, filters: auditedFilters(params) },
    });
    return exportResponse(table, format);
  },
  { sameOriginOnly: true },
);
