import 'server-only';
import { z } from 'zod';
import { isRecordId, type RecordKind } from '@/lib/ids';
import { ApiError } from '../http/api-error';
import type { CurrentUser } from '../auth/current-user';
import { callNxsys } from './index';
import type { NxsysRequest } from './client';
import { normalisePage, scanList, unwrapOne, type Page } from './normalise';

type Item = Record<string, unknown>;
/** Whether a row Nxsys sent really matches a filter (whatever the server did with the parameter). */
type Check = (item: Item, value: string, params: URLSearchParams) => boolean;

const text = (v: unknown) => (v === null || v === undefined || typeof v === 'object' ? '' : String(v));
const same = (field: string): Check => (item, value) => text(item[field]) !== '' && text(item[field]).toLowerCase() === value.toLowerCase();
const contains = (fields: string[]): Check => (item, value) => {
  const wanted = value.toLowerCase();
  const haystack = [...fields.map((f) => text(item[f])), `${text(item.forename)} ${text(item.surname)}`];
  return haystack.some((v) => v.toLowerCase().includes(wanted));
};
const refId = (v: unknown) => (typeof v === 'string' ? v : v && typeof v === 'object' ? text((v as Item).id) : '');
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

interface ResourceDef {
  path: string;
  idKind: RecordKind;
  /** Query parameters the docs name for this list: sent as they are. */
  documented: readonly string[];
  /** Filters the docs do not name (our guesses): sent as hints, a server may ignore them, so every row shown is checked. */
  checked: Record<string, Check>;
  /** The docs name sortField/sortType for this list. */
  sortable: boolean;
  /** A documented read by id. */
  readById: boolean;
}

const CANDIDATE_CHECKS: Record<string, Check> = {
  search: contains(['id', 'fullName', 'email', 'NINumber', 'mobile', 'agencyRef', 'eircode']),
  status: same('status'),
  registrationStatus: same('registrationStatus'),
};

/** Every Nxsys list the portal reads, with what the docs say about its query parameters ("Additions"). */
export const RESOURCES = {
  candidates: { path: '/nxsys/candidates', idKind: 'candidate', documented: [], checked: CANDIDATE_CHECKS, sortable: false, readById: true },
  'candidates-ireland': { path: '/nxsys/candidates/ireland', idKind: 'candidate', documented: [], checked: CANDIDATE_CHECKS, sortable: false, readById: true },
  'vat-codes': { path: '/nxsys/vat-code', idKind: 'vatCode', documented: [], checked: { search: contains(['description', 'VATCode', 'VATRate']), VATCode: same('VATCode') }, sortable: false, readById: false },
  'payment-rates': {
    path: '/nxsys/payment-rate',
    idKind: 'paymentRate',
    documented: ['code', 'raiseInvoice', 'isStatutory', 'ignoreCodes'],
    checked: { search: contains(['code', 'description']) },
    sortable: true,
    readById: true,
  },
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
    sortable: true,
    readById: true,
  },
  payslips: {
    path: '/nxsys/payslips',
    idKind: 'payslip',
    documented: [],
    checked: { taxYear: same('taxYear'), taxPeriod: same('taxPeriod'), payFrequency: same('payFrequency'), paymentModel: same('paymentModel'), subcontractorIds: payslipOfCandidate },
    sortable: false,
    readById: false,
  },
} satisfies Record<string, ResourceDef>;

export type ResourceName = keyof typeof RESOURCES;

/** Own keys only: `constructor`, `__proto__`, `toString`… are inherited from Object, not resources. */
export function resourceNamed(name: string): ResourceDef {
  if (!Object.hasOwn(RESOURCES, name)) throw new ApiError('not_found', `There is no ${name} resource.`);
  return RESOURCES[name as ResourceName];
}

/** Every filter key a list takes (documented or checked), e.g. for the audit log. */
export const filterKeys = (name: ResourceName) => [...RESOURCES[name].documented, ...Object.keys(RESOURCES[name].checked)];

const listQuery = z.object({
  page: z.coerce.number().int().min(1, 'page starts at 1').default(1),
  size: z.coerce.number().int().min(1).max(100, 'at most 100 rows a page').default(20),
  sortField: z.string().regex(/^[A-Za-z]{1,40}$/, 'not a sortable column').optional(),
  sortType: z.enum(['asc', 'desc']).optional(),
});

type ReadOptions = Pick<NxsysRequest, 'maxAttempts' | 'timeoutMs'>;

/** Our own filters, applied by the portal only: never sent to Nxsys. */
const LOCAL_ONLY = new Set(['notApproved']);

/** One page of a list exactly as Nxsys answered it (normalised), with the query given. */
export async function upstreamPage(user: Pick<CurrentUser, 'agency'>, name: ResourceName, query: Record<string, string | number | undefined>, page: number, size: number, options: ReadOptions = {}) {
  const { body } = await callNxsys(user, { method: 'GET', path: RESOURCES[name].path, query: { ...query, page, size }, ...options });
  return normalisePage<Item>(body, { page, size });
}

/**
 * A page of any resource, in one shape whatever envelope Nxsys used. With a filter the docs do not name,
 * the portal looks through the list itself (bounded) and shows only rows that match, so a server that
 * ignores the parameter never produces wrong rows or counts.
 */
export async function listResource(user: Pick<CurrentUser, 'agency'>, name: string, params: URLSearchParams, options: ReadOptions = {}): Promise<Page<Item>> {
  const resource = resourceNamed(name);
  const { page, size, sortField, sortType } = listQuery.parse(Object.fromEntries(['page', 'size', 'sortField', 'sortType'].flatMap((k) => (params.get(k) ? [[k, params.get(k)]] : []))));
  const value = (key: string) => params.get(key)?.trim().slice(0, 200) || undefined;
  const query: Record<string, string | number | undefined> = resource.sortable ? { sortField, sortType } : {};
  for (const key of resource.documented) query[key] = value(key);
  const checks = Object.entries(resource.checked).flatMap(([key, check]) => {
    const v = value(key);
    if (!v) return [];
    if (!LOCAL_ONLY.has(key)) query[key] = v; // a hint: fewer pages to read on a server that honours it
    return [(item: Item) => check(item, v, params)];
  });
  const fetchPage = (p: number, s: number) => upstreamPage(user, name as ResourceName, query, p, s, options);
  if (checks.length === 0) return fetchPage(page, size);

  const { matches, complete } = await scanList(fetchPage, { keep: (item) => checks.every((c) => c(item)), enough: page * size + 1 });
  const data = matches.slice((page - 1) * size, page * size);
  const totalDocs = complete ? matches.length : null;
  return {
    data,
    meta: {
      page,
      size,
      totalDocs,
      totalPages: totalDocs === null ? null : Math.max(1, Math.ceil(totalDocs / size)),
      hasMore: matches.length > page * size,
      ...(!complete && matches.length <= page * size ? { partial: true } : {}),
    },
  };
}

export async function getResource(user: Pick<CurrentUser, 'agency'>, name: string, id: string) {
  const resource = resourceNamed(name);
  if (!resource.readById || !isRecordId(resource.idKind, id)) throw new ApiError('not_found', 'No such record.');
  const { body } = await callNxsys(user, { method: 'GET', path: `${resource.path}/${id}` });
  const one = unwrapOne(body);
  if (!one) throw new ApiError('nxsys_error', 'Nxsys answered without the record.');
  return one;
}
