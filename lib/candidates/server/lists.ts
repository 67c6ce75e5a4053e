import 'server-only';
import { contains, same, type Check, type ListDef } from '@/lib/server/nxsys/lists';

const CANDIDATE_CHECKS: Record<string, Check> = {
  search: contains(['id', 'fullName', 'email', 'NINumber', 'PPSNumber', 'mobile', 'agencyRef', 'eircode']),
  status: same('status'),
  registrationStatus: same('registrationStatus'),
};

/** The documented candidate lists (UK and Irish) and what the docs say about their query parameters. */
export const CANDIDATE_LISTS = {
  candidates: {
    path: '/nxsys/candidates',
    idKind: 'candidate',
    documented: [],
    checked: CANDIDATE_CHECKS,
    sortable: false,
    readById: true,
  },
  'candidates-ireland': {
    path: '/nxsys/candidates/ireland',
    idKind: 'candidate',
    documented: [],
    checked: CANDIDATE_CHECKS,
    sortable: false,
    readById: true,
  },
} satisfies Record<string, ListDef>;
