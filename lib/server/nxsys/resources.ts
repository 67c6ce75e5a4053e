import 'server-only';
import { CANDIDATE_LISTS, rightToWorkPage } from '@/lib/candidates/server';
import { PAYMENT_RATE_LISTS } from '@/lib/payment-rates/server';
import { PAYSLIP_LISTS } from '@/lib/payslips/server';
import { TIMESHEET_LISTS } from '@/lib/timesheets/server';
import { ApiError } from '../http/api-error';
import type { CurrentUser } from '../auth/current-user';
import { filterKeysOf, getRecord, listPage, type ListDef, type ReadOptions } from './lists';

/**
 * The lists the generic read routes (/api/nxsys/[resource]) serve, by URL name. Each list is described in its
 * domain (lib/<domain>/server/lists.ts); this only maps names to them.
 */
export const RESOURCES = { ...CANDIDATE_LISTS, ...PAYMENT_RATE_LISTS, ...TIMESHEET_LISTS, ...PAYSLIP_LISTS } satisfies Record<
  string,
  ListDef
>;

export type ResourceName = keyof typeof RESOURCES;

/** Own keys only: `constructor`, `__proto__`, `toString`… are inherited from Object, not resources. */
export function resourceNamed(name: string): ListDef {
  if (!Object.hasOwn(RESOURCES, name)) throw new ApiError('not_found', `There is no ${name} resource.`);
  return RESOURCES[name as ResourceName];
}

/** Every filter key a list takes (documented or checked), e.g. for the audit log. */
export const filterKeys = (name: ResourceName) => filterKeysOf(RESOURCES[name]);

/**
 * A page of a list. A candidate list filtered on right-to-work expiry is served from the agency's last scan
 * (the lists carry no expiry date; see lib/candidates/server/right-to-work.ts), with when it was checked.
 */
export const listResource = (user: Pick<CurrentUser, 'agency'>, name: string, params: URLSearchParams, options: ReadOptions = {}) => {
  const list = resourceNamed(name);
  if ((name === 'candidates' || name === 'candidates-ireland') && params.get('rightToWork'))
    return rightToWorkPage(user, name, params, options);
  return listPage(user, list, params, options);
};

export const getResource = (user: Pick<CurrentUser, 'agency'>, name: string, id: string) => getRecord(user, resourceNamed(name), id);
