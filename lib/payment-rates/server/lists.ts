import 'server-only';
import { contains, same, type ListDef } from '@/lib/server/nxsys/lists';

/** The documented VAT code and payment rate lists, with what the docs say about their query parameters. */
export const PAYMENT_RATE_LISTS = {
  'vat-codes': {
    path: '/nxsys/vat-code',
    idKind: 'vatCode',
    documented: [],
    checked: { search: contains(['description', 'VATCode', 'VATRate']), VATCode: same('VATCode') },
    sortable: false,
    readById: false,
  },
  'payment-rates': {
    path: '/nxsys/payment-rate',
    idKind: 'paymentRate',
    documented: ['code', 'raiseInvoice', 'isStatutory', 'ignoreCodes'],
    checked: { search: contains(['code', 'description']) },
    sortable: true,
    readById: true,
  },
} satisfies Record<string, ListDef>;
