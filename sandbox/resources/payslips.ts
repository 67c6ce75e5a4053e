// GET /nxsys/payslips: {"items"} without totals, money as 2-decimal strings. Only `page` and `size` are
// documented (the prose names filters without their parameter names), and no read by id exists in any
// generation of the docs: the docs profile honours nothing else. The list item carries what the v1 example
// shows (no candidate id, no pay date); the extended profile adds our guesses.
import { paginate, sortBy, type Router, type Scope } from '../http';
import { extended, respondList, type Profile } from '../profile';
import type { Payslip, Store } from '../store';

const FIGURES = [
  'timesheetValue',
  'margin',
  'employerNI',
  'apprenticeshipLevy',
  'employerPension',
  'basicPay',
  'holidayPay',
  'gross',
  'tax',
  'employeeNI',
  'employeePension',
  'deductions',
  'materials',
  'net',
] as const;

export function payslipJson(store: Store, companyId: string, p: Payslip, profile: Profile) {
  const documented = {
    id: p.id,
    incrementId: p.incrementId,
    taxPeriod: p.taxPeriod,
    taxYear: p.taxYear,
    agencyName: store.companies.get(companyId)!.agencyName,
    subcontractorName: p.subcontractorName,
    ...Object.fromEntries(FIGURES.map((f) => [f, p[f]])),
  };
  if (!extended(profile)) return documented;
  return {
    ...documented,
    subcontractorId: p.candidateId,
    timesheetId: p.timesheetId,
    payFrequency: p.payFrequency,
    paymentModel: p.paymentModel,
    payDate: p.payDate,
    createdAt: p.createdAt,
  };
}

export function registerPayslips(api: Router, store: Store, scoped: Scope, profile: Profile) {
  api.on(
    'GET',
    '/nxsys/payslips',
    scoped((companyId, { url, res }) => {
      let items = store.company(companyId).payslips;
      if (extended(profile)) {
        // Guessed parameter names for the filters the prose mentions.
        const q = url.searchParams;
        const eq = (name: string, value: string | number) => !q.get(name) || q.get(name) === String(value);
        const ids = new Set(
          (q.get('subcontractorIds') ?? q.get('candidateIds') ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
        items = items.filter(
          (p) =>
            eq('taxYear', p.taxYear) &&
            eq('taxPeriod', p.taxPeriod) &&
            eq('payFrequency', p.payFrequency) &&
            eq('paymentModel', p.paymentModel) &&
            (!ids.size || ids.has(p.candidateId)),
        );
        items = sortBy(
          items,
          url,
          {
            incrementId: (p) => p.incrementId,
            taxPeriod: (p) => p.taxYear * 100 + p.taxPeriod,
            payDate: (p) => p.payDate,
            net: (p) => Number(p.net),
            subcontractorName: (p) => p.subcontractorName,
          },
          'incrementId',
        );
      }
      const { docs, meta } = paginate(items, url);
      respondList(
        profile,
        res,
        'items',
        docs.map((p) => payslipJson(store, companyId, p, profile)),
        meta,
      );
    }),
  );
  // No GET /nxsys/payslips/{id}, in either profile: no generation of the docs has one.
}
