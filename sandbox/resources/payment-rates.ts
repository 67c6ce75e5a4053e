// /nxsys/payment-rate: pay elements (no money amount: that goes on each timesheet line). Codes are unique
// per company; the default VAT code must exist; statutory elements cannot be updated.
import { HttpError, checkId, notFound, paginate, sortBy, type Router, type Scope } from '../http';
import { extended, respond, respondList, type Profile } from '../profile';
import type { PaymentRate, Store } from '../store';
import { Problems, requireBody, str } from '../validation';
import { vatCodeJson } from './vat-codes';

const TYPES = ['RATE', 'FIXED'];
const UNITS = ['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY'];
const FLAGS = [
  'includeInCisCalculation',
  'includeNICalculation',
  'includeTaxCalculation',
  'includePensionCalculation',
  'includeAccrueHolidayPay',
  'raiseInvoice',
  'includeInPayeUmbrellaCalculation',
  'isStatutory',
] as const;

export function paymentRateJson(store: Store, r: PaymentRate) {
  const { defaultVATCodeId, ...rest } = r;
  const vat = store.vatCode(defaultVATCodeId);
  // hoursPerUnit: a number in requests, a string in responses (as documented).
  return { ...rest, hoursPerUnit: String(r.hoursPerUnit), defaultVATCode: vat ? vatCodeJson(vat) : null };
}

function validate(store: Store, companyId: string, input: Record<string, unknown>, existing?: PaymentRate) {
  const p = new Problems();
  const merged = { ...existing, ...input } as Record<string, unknown>;
  const code = str(merged.code);
  if (!code) p.add('code', 'code is required');
  else if (!/^[A-Z0-9_-]{2,20}$/i.test(code)) p.add('code', 'code must be 2–20 letters, digits, - or _');
  else if (store.company(companyId).paymentRates.some((r) => r.code.toUpperCase() === code.toUpperCase() && r.id !== existing?.id)) {
    p.add('code', `A payment rate with code ${code} already exists`);
  }
  if (!str(merged.description)) p.add('description', 'description is required');
  if (!TYPES.includes(str(merged.type))) p.add('type', `type must be one of ${TYPES.join(', ')}`);
  if (!UNITS.includes(str(merged.units))) p.add('units', `units must be one of ${UNITS.join(', ')}`);
  // A number on create, a string on update (both documented).
  const hours =
    typeof merged.hoursPerUnit === 'string' && /^\d+(\.\d+)?$/.test(merged.hoursPerUnit)
      ? Number(merged.hoursPerUnit)
      : merged.hoursPerUnit;
  merged.hoursPerUnit = hours;
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0 || hours > 744)
    p.add('hoursPerUnit', 'hoursPerUnit must be a number from 0 to 744');
  for (const flag of FLAGS)
    if (merged[flag] !== undefined && typeof merged[flag] !== 'boolean') p.add(flag, `${flag} must be true or false`);
  const vatId = input.defaultVATCode ?? input.defaultVATCodeId ?? existing?.defaultVATCodeId;
  if (typeof vatId !== 'string' || !store.vatCode(vatId)) p.add('defaultVATCode', 'defaultVATCode is not a valid VAT code');
  p.throwIfAny();
  return { code, vatId: vatId as string, merged };
}

export function registerPaymentRates(api: Router, store: Store, scoped: Scope, profile: Profile) {
  const find = (companyId: string, id: string) => {
    checkId(id, 'PR');
    const rate = store.company(companyId).paymentRates.find((r) => r.id === id);
    if (!rate) throw notFound('Payment rate');
    return rate;
  };

  api.on(
    'GET',
    '/nxsys/payment-rate',
    scoped((companyId, { url, res }) => {
      const q = url.searchParams;
      const bool = (name: string) => (q.has(name) ? q.get(name) === 'true' : undefined);
      const raiseInvoice = bool('raiseInvoice');
      const isStatutory = bool('isStatutory');
      const ignore = new Set(
        (q.get('ignoreCodes') ?? '')
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean),
      );
      const code = q.get('code');
      const search = extended(profile) ? (q.get('search') ?? '').toLowerCase() : ''; // not a documented parameter
      const items = store
        .company(companyId)
        .paymentRates.filter(
          (r) =>
            (raiseInvoice === undefined || r.raiseInvoice === raiseInvoice) &&
            (isStatutory === undefined || r.isStatutory === isStatutory) &&
            !ignore.has(r.code) &&
            (!code || r.code === code) &&
            (!search || `${r.code} ${r.description}`.toLowerCase().includes(search)),
        );
      const sorted = sortBy(
        items,
        url,
        {
          code: (r) => r.code,
          description: (r) => r.description.toLowerCase(),
          createdAt: (r) => r.createdAt,
          incrementId: (r) => r.incrementId,
          units: (r) => r.units,
        },
        'code',
      );
      const { docs, meta } = paginate(sorted, url);
      respondList(
        profile,
        res,
        'data',
        docs.map((r) => paymentRateJson(store, r)),
        meta,
      );
    }),
  );

  api.on(
    'GET',
    '/nxsys/payment-rate/:id',
    scoped((companyId, { params, res }) => {
      respond(profile, res, 200, { data: paymentRateJson(store, find(companyId, params.id!)) });
    }),
  );

  api.on(
    'POST',
    '/nxsys/payment-rate',
    scoped((companyId, { body, res }) => {
      const input = requireBody(body);
      const { code, vatId, merged } = validate(store, companyId, input);
      const now = new Date().toISOString();
      const rate: PaymentRate = {
        ...store.nextId('PR', 1900),
        code,
        description: str(merged.description),
        displayOnPayslip: str(merged.displayOnPayslip) || str(merged.description),
        status: 'ACTIVE',
        type: merged.type as PaymentRate['type'],
        units: merged.units as PaymentRate['units'],
        hoursPerUnit: merged.hoursPerUnit as number,
        includeInCisCalculation: merged.includeInCisCalculation !== false,
        includeNICalculation: merged.includeNICalculation !== false,
        includeTaxCalculation: merged.includeTaxCalculation !== false,
        includePensionCalculation: merged.includePensionCalculation !== false,
        includeAccrueHolidayPay: merged.includeAccrueHolidayPay !== false,
        raiseInvoice: merged.raiseInvoice !== false,
        includeInPayeUmbrellaCalculation: merged.includeInPayeUmbrellaCalculation !== false,
        isStatutory: merged.isStatutory === true,
        defaultVATCodeId: vatId,
        createdAt: now,
        updatedAt: now,
      };
      store.company(companyId).paymentRates.push(rate);
      respond(profile, res, 201, { data: paymentRateJson(store, rate) });
    }),
  );

  api.on(
    'PUT',
    '/nxsys/payment-rate/:id',
    scoped((companyId, { params, body, res }) => {
      const rate = find(companyId, params.id!);
      if (rate.isStatutory) throw new HttpError(422, 'invalid_request', 'Statutory payment rates cannot be updated', { field: 'id' });
      // The documented update body has no `code` (a code cannot be changed): one sent anyway is ignored.
      const { code: _ignored, ...input } = requireBody(body);
      const { code, vatId, merged } = validate(store, companyId, input, rate);
      Object.assign(rate, {
        code,
        description: str(merged.description),
        displayOnPayslip: str(merged.displayOnPayslip) || str(merged.description),
        type: merged.type,
        units: merged.units,
        hoursPerUnit: merged.hoursPerUnit,
        defaultVATCodeId: vatId,
        updatedAt: new Date().toISOString(),
        ...Object.fromEntries(FLAGS.filter((f) => typeof input[f] === 'boolean').map((f) => [f, input[f]])),
      });
      respond(profile, res, 200, { data: paymentRateJson(store, rate) });
    }),
  );
}
