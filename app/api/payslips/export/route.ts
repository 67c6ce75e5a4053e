import { listExportRoute } from '@/lib/server/table-export';
import { filterKeys } from '@/lib/registry';
import { payslipExport } from '@/lib/payslips/server';

/**
 * GET /api/payslips/export?format=csv|xlsx&taxYear&taxPeriod&subcontractorIds&candidateName… — the payslips the
 * list's filters select, newest first. The audit log keeps the list filters only (ids and periods): the URL may also
 * carry a candidate's name, which stays out of the log.
 */
export const GET = listExportRoute({
  action: 'payslips.exported',
  targetType: 'payslip',
  auditedKeys: filterKeys('payslips'),
  table: payslipExport,
});
