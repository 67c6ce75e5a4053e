import { recordAudit } from '@/lib/server/audit';
import { db } from '@/lib/server/db';
import { authedRoute } from '@/lib/server/http/route';
import { exportFormatOf, exportResponse } from '@/lib/server/table-export';
import { filterKeys } from '@/lib/registry';
import { timesheetExport } from '@/lib/timesheets/server';
import { requireRecentSecondFactor } from '@/lib/server/auth/step-up';

/** The list's filters and order as the audit log keeps them (no free-text search: it may hold a name). */
const auditedFilters = (params: URLSearchParams) =>
  Object.fromEntries(
    [...filterKeys('timesheets').filter((key) => key !== 'search'), 'sortField', 'sortType'].flatMap((key) =>
      params.get(key) ? [[key, params.get(key)]] : [],
    ),
  );

/**
 * GET /api/timesheets/export?format=csv|xlsx&search&bactchFrom&bactchTo&taxYear&subcontractorRef&sortField… — exactly
 * the timesheets the list's URL selects, in its order, every page. Read in full before answering, so that a Nxsys
 * failure is a JSON error, not a broken file.
 */
export const GET = authedRoute(
  async (request, { user }) => {
    await requireRecentSecondFactor(user); // names and pay of every worker the filter selects: personal data
    const params = new URL(request.url).searchParams;
    const format = exportFormatOf(params);
    const table = await timesheetExport(user, params);
    await recordAudit(db, {
      agencyId: user.agency.id,
      actorId: user.id,
      action: 'timesheets.exported',
      targetType: 'timesheet',
      details: { format, rows: table.rows.length, filters: auditedFilters(params) },
    });
    return exportResponse(table, format);
  },
  { sameOriginOnly: true },
);
