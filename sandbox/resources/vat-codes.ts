// GET /nxsys/vat-code: the default VAT codes, {"data", "meta"}, with pagination, filtering and sorting.
import { paginate, sortBy, type Router, type Scope } from '../http';
import { extended, respondList, type Profile } from '../profile';
import type { Store, VatCode } from '../store';

export const vatCodeJson = ({ percent: _percent, ...v }: VatCode) => v;

export function registerVatCodes(api: Router, store: Store, scoped: Scope, profile: Profile) {
  api.on(
    'GET',
    '/nxsys/vat-code',
    scoped((_companyId, { url, res }) => {
      // "Pagination, filtering, sorting" without names: the docs profile honours page and size only.
      if (!extended(profile)) {
        const { docs, meta } = paginate(store.vatCodes, url);
        return respondList(profile, res, 'data', docs.map(vatCodeJson), meta);
      }
      const search = (url.searchParams.get('search') ?? '').toLowerCase();
      const code = url.searchParams.get('VATCode');
      const items = store.vatCodes.filter(
        (v) => (!code || v.VATCode === code) && (!search || `${v.description} ${v.VATCode} ${v.VATRate}`.toLowerCase().includes(search)),
      );
      const sorted = sortBy(
        items,
        url,
        { incrementId: (v) => v.incrementId, description: (v) => v.description, VATCode: (v) => v.VATCode, VATRate: (v) => v.percent },
        'incrementId',
      );
      const { docs, meta } = paginate(sorted, url);
      respondList(profile, res, 'data', docs.map(vatCodeJson), meta);
    }),
  );
}
