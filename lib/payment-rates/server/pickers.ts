import 'server-only';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { attempt } from '@/lib/server/http/api-error';
import { listPage, text, type Item } from '@/lib/server/nxsys/lists';
import type { RateOption, VatCodeOption } from '../options';
import { PAYMENT_RATE_LISTS } from './lists';
import { vatCodes } from './payment-rates';

/**
 * The pickers' options for a form's server page, passed to the form as props (so the browser loads no query
 * library for them): only the fields a picker shows, as Nxsys sent them.
 */
export async function paymentRateOptions(user: Pick<CurrentUser, 'agency'>): Promise<RateOption[]> {
  const page = await listPage(
    user,
    PAYMENT_RATE_LISTS['payment-rates'],
    new URLSearchParams({ size: '100', sortField: 'code', sortType: 'asc' }),
  );
  return page.data.map((r: Item) => {
    const vat = r.defaultVATCode;
    const vatId = vat && typeof vat === 'object' ? text((vat as Item).id) : typeof vat === 'string' ? vat : '';
    return {
      id: text(r.id),
      code: text(r.code),
      description: text(r.description),
      units: text(r.units),
      defaultVATCode: vatId ? { id: vatId } : null,
    };
  });
}

export async function vatCodeOptions(user: Pick<CurrentUser, 'agency'>): Promise<VatCodeOption[]> {
  return (await vatCodes(user)).map((v) => ({ id: v.id, description: v.description, VATRate: v.VATRate, VATCode: v.VATCode }));
}

/**
 * Both pickers' options for a timesheet form, read together; when Nxsys cannot be read, empty lists and why (the
 * form says so above its lines, instead of offering nothing without a word).
 */
export async function lineOptions(
  user: Pick<CurrentUser, 'agency'>,
): Promise<{ rates: RateOption[]; vatCodes: VatCodeOption[]; optionsError: string | null }> {
  const [rates, codes] = await Promise.all([attempt(() => paymentRateOptions(user)), attempt(() => vatCodeOptions(user))]);
  const failed = !rates.ok ? rates.error : !codes.ok ? codes.error : null;
  return {
    rates: rates.ok ? rates.value : [],
    vatCodes: codes.ok ? codes.value : [],
    optionsError: failed ? `The payment rates and VAT codes could not be loaded from Nxsys: ${failed.message}` : null,
  };
}
