import 'server-only';
import { refId, same, text, type Check, type ListDef } from '@/lib/server/nxsys/lists';

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

/** The documented payslip list (no read by id, no documented filters or sorting). */
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
  },
} satisfies Record<string, ListDef>;
