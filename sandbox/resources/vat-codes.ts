// GET /nxsys/vat-code: the default VAT codes, {"data", "meta"}, with pagination, filtering and sorting.
import { paginate, sendJson, sortBy, type Router, type Scope } from '../http';
import type { Store, VatCode } from '../store';

export const vatCodeJson = ({ percent: _percent, ...v }: VatCode) => v;

export function registerVatCodes(api: Router, store: Store, scoped: Scope) {
  api.on('GET', '/nxsys/vat-code', scoped((_companyId, { url, res }) => {
    const search = (url.searchParams.get('search') ?? '').toLowerCase();
    const code = url.searchParams.get('VATCode');
    const items = store.vatCodes.filter(
      (v) => (!code || v.VATCode === code) && (!search || `${v.description} ${v.VATCode} ${v.VATRate}`.toLowerCase().includes(search)),
    );
    const sorted = sortBy(items, url, { incrementId: (v) => v.incrementId, description: (v) => v.description, VATCode: (v) => v.VATCode, VATRate: (v) => v.percent }, 'incrementId');
    const { docs, meta } = paginate(sorted, url);
    sendJson(res, 200, { data: docs.map(vatCodeJson), meta });
  }));
}
