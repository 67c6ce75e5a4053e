import 'server-only';
import { z } from 'zod';
import { ApiError } from '../http/api-error';
import type { CurrentUser } from '../auth/current-user';
import { callNxsys } from './index';
import { normalisePage, unwrapOne } from './normalise';

/** Every documented Nxsys list, with the query parameters the API takes for it (nothing else passes). */
export const RESOURCES = {
  candidates: { path: '/nxsys/candidates', idPrefix: 'SR', filters: ['search', 'status', 'registrationStatus'] },
  'candidates-ireland': { path: '/nxsys/candidates/ireland', idPrefix: 'SR', filters: ['search', 'status', 'registrationStatus'] },
  'vat-codes': { path: '/nxsys/vat-code', idPrefix: 'VC', filters: ['search', 'VATCode'] },
  'payment-rates': { path: '/nxsys/payment-rate', idPrefix: 'PR', filters: ['search', 'code', 'raiseInvoice', 'isStatutory', 'ignoreCodes'] },
  timesheets: {
    path: '/nxsys/time-sheets',
    idPrefix: 'TS',
    filters: ['search', 'payFrequency', 'paymentModel', 'bactchFrom', 'bactchTo', 'approveStatus', 'taxYear', 'taxPeriod', 'subcontractorRef'],
  },
  payslips: { path: '/nxsys/payslips', idPrefix: 'PL', filters: ['taxYear', 'taxPeriod', 'payFrequency', 'paymentModel', 'subcontractorIds'] },
} as const;

export type ResourceName = keyof typeof RESOURCES;

/** Own keys only: `constructor`, `__proto__`, `toString`… are inherited from Object, not resources. */
export function resourceNamed(name: string): (typeof RESOURCES)[ResourceName] {
  if (!Object.hasOwn(RESOURCES, name)) throw new ApiError(404, 'not_found', `There is no ${name} resource.`);
  return RESOURCES[name as ResourceName];
}

const listQuery = z.object({
  page: z.coerce.number().int().min(1, 'page starts at 1').default(1),
  size: z.coerce.number().int().min(1).max(100, 'at most 100 rows a page').default(20),
  sortField: z.string().regex(/^[A-Za-z]{1,40}$/, 'not a sortable column').optional(),
  sortType: z.enum(['asc', 'desc']).optional(),
});

/** A page of any resource, in one shape whatever envelope Nxsys used. */
export async function listResource(user: Pick<CurrentUser, 'agency'>, name: string, params: URLSearchParams) {
  const resource = resourceNamed(name);
  const { page, size, sortField, sortType } = listQuery.parse(Object.fromEntries(params));
  const filters: Record<string, string> = {};
  for (const key of resource.filters) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value.slice(0, 200);
  }
  const { body } = await callNxsys(user, { method: 'GET', path: resource.path, query: { page, size, sortField, sortType, ...filters } });
  return normalisePage(body, { page, size });
}

export async function getResource(user: Pick<CurrentUser, 'agency'>, name: string, id: string) {
  const resource = resourceNamed(name);
  if (!new RegExp(`^${resource.idPrefix}-\\d{1,12}$`).test(id)) throw new ApiError(404, 'not_found', 'No such record.');
  const { body } = await callNxsys(user, { method: 'GET', path: `${resource.path}/${id}` });
  const one = unwrapOne(body);
  if (!one) throw new ApiError(502, 'nxsys_error', 'Nxsys answered without the record.');
  return one;
}
