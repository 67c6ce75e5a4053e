import { listExportRoute } from '@/lib/server/table-export';
import { filterKeys } from '@/lib/registry';
import { timesheetExport } from '@/lib/timesheets/server';

/**
 * GET /api/timesheets/export?format=csv|xlsx&search&bactchFrom&bactchTo&taxYear&subcontractorRef&sortField… — the
 * timesheets the list's URL selects. The audit log keeps the filters and order, not the free-text search.
 */
export const GET = listExportRoute({
  action: 'timesheets.exported',
  targetType: 'timesheet',
  auditedKeys: [...filterKeys('timesheets').filter((key) => key !== 'search'), 'sortField', 'sortType'],
  table: timesheetExport,
});
