// GET /nxsys/payslips: {"items", "meta"}, money as 2-decimal strings, filters by tax year and period, pay
// frequency, payment model and candidates.
import { checkId, notFound, paginate, sendJson, sortBy, type Router, type Scope } from '../http';
import type { Payslip, Store } from '../store';

export function payslipJson(store: Store, companyId: string, p: Payslip) {
  const { candidateId, ...rest } = p;
  return { ...rest, subcontractorId: candidateId, agencyName: store.companies.get(companyId)!.agencyName };
}

export function registerPayslips(api: Router, store: Store, scoped: Scope) {
  api.on('GET', '/nxsys/payslips', scoped((companyId, { url, res }) => {
    const q = url.searchParams;
    const eq = (name: string, value: string | number) => !q.get(name) || q.get(name) === String(value);
    const ids = new Set((q.get('subcontractorIds') ?? q.get('candidateIds') ?? '').split(',').map((s) => s.trim()).filter(Boolean));
    const items = store.company(companyId).payslips.filter(
      (p) => eq('taxYear', p.taxYear) && eq('taxPeriod', p.taxPeriod) && eq('payFrequency', p.payFrequency) && eq('paymentModel', p.paymentModel) && (!ids.size || ids.has(p.candidateId)),
    );
    const sorted = sortBy(items, url, { incrementId: (p) => p.incrementId, taxPeriod: (p) => p.taxYear * 100 + p.taxPeriod, payDate: (p) => p.payDate, net: (p) => Number(p.net), subcontractorName: (p) => p.subcontractorName }, 'incrementId');
    const { docs, meta } = paginate(sorted, url);
    sendJson(res, 200, { items: docs.map((p) => payslipJson(store, companyId, p)), meta });
  }));

  api.on('GET', '/nxsys/payslips/:id', scoped((companyId, { params, res }) => {
    checkId(params.id!, 'PL');
    const p = store.company(companyId).payslips.find((x) => x.id === params.id);
    if (!p) throw notFound('Payslip');
    sendJson(res, 200, { data: payslipJson(store, companyId, p) });
  }));
}
