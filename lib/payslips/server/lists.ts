import 'server-only';
import { num } from '@/lib/server/nxsys/normalise';
import { refId, same, text, type Check, type Item, type ListDef } from '@/lib/server/nxsys/lists';

const sameName = (a: string, b: string) => a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The payslip list item documented has the candidate's name (`subcontractorName`) and no candidate id: a
 * candidate's payslips are matched on the id when Nxsys sends one, else on the name the link carries.
 */
const payslipOfCandidate: Check = (item, value, params) => {
  const id = refId(item.subcontractorId) || refId(item.subcontractorRef) || refId(item.candidateId);
  if (id) return id === value;
  const name = params.get('candidateName');
  return !!name && sameName(text(item.subcontractorName), name);
};

/**
 * Newest first: tax year, then tax period, then pay date (yyyy-mm-dd or ISO, so text order is date order), each
 * descending; a payslip without one of them after those with it. The docs give the payslip list no sort parameters.
 */
const newestFirst = (a: Item, b: Item) => {
  for (const field of ['taxYear', 'taxPeriod'] as const) {
    const x = num(a[field]) ?? -Infinity;
    const y = num(b[field]) ?? -Infinity;
    if (x !== y) return y > x ? 1 : -1;
  }
  return text(b.payDate).localeCompare(text(a.payDate));
};

/** The documented payslip list (no read by id, no documented filters or sorting: the portal sorts it, newest first). */
export const PAYSLIP_LISTS = {
  payslips: {
    path: '/nxsys/payslips',
    idKind: 'payslip',
    documented: [],
    checked: {
      taxYear: same('taxYear'),
      taxPeriod: same('taxPeriod'),
      payFrequency: same('payFrequency'),
      paymentModel: same('paymentModel'),
      subcontractorIds: payslipOfCandidate,
    },
    sortable: false,
    readById: false,
    order: newestFirst,
  },
} satisfies Record<string, ListDef>;
