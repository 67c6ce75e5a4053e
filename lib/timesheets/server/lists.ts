import 'server-only';
import { refId, same, text, type ListDef } from '@/lib/server/nxsys/lists';

/** The documented timesheet list, with what the docs say about its query parameters. */
export const TIMESHEET_LISTS = {
  timesheets: {
    path: '/nxsys/time-sheets',
    idKind: 'timesheet',
    documented: ['search', 'payFrequency', 'paymentModel', 'bactchFrom', 'bactchTo'],
    checked: {
      approveStatus: same('approveStatus'),
      // Only APPROVED is a documented status: "not yet approved" is any other (our own filter, never sent).
      notApproved: (item) => text(item.approveStatus) !== '' && item.approveStatus !== 'APPROVED',
      taxYear: same('taxYear'),
      taxPeriod: same('taxPeriod'),
      subcontractorRef: (item, value) => refId(item.subcontractorRef) === value,
    },
    localOnly: ['notApproved'],
    sortable: true,
    readById: true,
  },
} satisfies Record<string, ListDef>;
