// /nxsys/time-sheets: weekly timesheets whose lines reference pay elements, with totals computed in pence.
// Only timesheets still pending agency approval can be edited; approving one (a sandbox control) issues
// its payslip.
import { HttpError, checkId, notFound, paginate, sortBy, type Router, type Scope } from '../http';
import { extended, respond, respondList, type Profile } from '../profile';
import { centsNumber as penceToNumber, percentCents, productCents } from '../rules';
import type { PaymentModel } from '../payroll';
import { issuePayslip, periodOf } from '../seed';
import type { Store, Timesheet, TimesheetLine } from '../store';
import { Problems, isDate, isObject, requireBody, str } from '../validation';
import { paymentRateJson } from './payment-rates';

const DECIMAL = /^\d+(\.\d{1,4})?$/;

/**
 * A timesheet as the docs show it: the create fields plus id, taxPeriod, approveStatus, invoiceStatus, totals as
 * numbers, `subcontractorRef{id}`, `agencyRef{id}`, full line objects, and the string flags
 * (`timesheetApprovalNeeded: "FALSE"`, `currentYear`). The extended profile adds names, pay frequency and model.
 */
export function timesheetJson(store: Store, companyId: string, t: Timesheet, profile: Profile) {
  const data = store.company(companyId);
  const candidate = data.candidates.find((c) => c.id === t.candidateId);
  const company = store.companies.get(companyId)!;
  const net = t.lines.reduce((s, l) => s + l.netPence, 0);
  const vat = t.lines.reduce((s, l) => s + l.vatPence, 0);
  const ext = extended(profile);
  return {
    id: t.id,
    incrementId: t.incrementId,
    subcontractorRef: ext
      ? {
          id: t.candidateId,
          fullName: candidate ? `${str(candidate.generalSetting.forename)} ${str(candidate.generalSetting.surname)}` : null,
        }
      : { id: t.candidateId },
    agencyRef: ext ? { id: company.agencyId, name: company.agencyName } : { id: company.agencyId },
    assignmentRef: t.assignmentRef,
    startDate: t.startDate,
    endDate: t.endDate,
    taxYear: t.taxYear,
    taxPeriod: t.taxPeriod,
    taxPeriodConfig: t.taxPeriodConfig,
    monthConfig: t.monthConfig,
    ...(ext ? { payFrequency: t.payFrequency, paymentModel: t.paymentModel } : {}),
    approveStatus: t.approveStatus,
    invoiceStatus: t.invoiceStatus,
    timesheetApprovalNeeded: 'FALSE',
    currentYear: String(t.taxYear),
    rates: t.lines.map((l) => {
      const rate = data.paymentRates.find((r) => r.id === l.rateId);
      const v = store.vatCode(l.vatID);
      return {
        rateId: l.rateId,
        code: rate?.code,
        description: rate?.description,
        rate: l.sentAsNumbers ? Number(l.rate) : l.rate,
        units: l.sentAsNumbers ? Number(l.units) : l.units,
        vatID: l.vatID,
        VATRate: v?.VATRate,
        net: penceToNumber(l.netPence),
        vat: penceToNumber(l.vatPence),
        total: penceToNumber(l.netPence + l.vatPence),
        paymentRate: rate ? paymentRateJson(store, rate) : null,
      };
    }),
    totalNet: penceToNumber(net),
    totalVat: penceToNumber(vat),
    totalPrices: penceToNumber(net + vat),
    invoiceTotalNet: penceToNumber(net),
    invoiceTotalVat: penceToNumber(vat),
    invoiceTotal: penceToNumber(net + vat),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

function linesFrom(store: Store, companyId: string, input: unknown, p: Problems): TimesheetLine[] {
  if (!Array.isArray(input) || input.length === 0) {
    p.add('rates', 'rates must list at least one line');
    return [];
  }
  const data = store.company(companyId);
  return input.flatMap((raw, i) => {
    if (!isObject(raw)) {
      p.add(`rates.${i}`, 'each line must be an object');
      return [];
    }
    const rate = data.paymentRates.find((r) => r.id === raw.rateId);
    if (!rate) p.add(`rates.${i}.rateId`, 'rateId is not a payment rate of this company');
    const rateValue = String(raw.rate ?? '').trim();
    const units = String(raw.units ?? '').trim();
    if (!DECIMAL.test(rateValue)) p.add(`rates.${i}.rate`, 'rate must be a non-negative decimal');
    if (!DECIMAL.test(units)) p.add(`rates.${i}.units`, 'units must be a non-negative decimal');
    const vatId = typeof raw.vatID === 'string' && raw.vatID ? raw.vatID : rate?.defaultVATCodeId;
    const vat = vatId ? store.vatCode(vatId) : undefined;
    if (!vat) p.add(`rates.${i}.vatID`, 'vatID is not a valid VAT code');
    if (!rate || !vat || !DECIMAL.test(rateValue) || !DECIMAL.test(units)) return [];
    const net = productCents(rateValue, units)!;
    return [
      {
        rateId: rate.id,
        rate: rateValue,
        units,
        vatID: vat.id,
        netPence: net,
        vatPence: percentCents(net, vat.percent),
        sentAsNumbers: typeof raw.rate === 'number',
      },
    ];
  });
}

export function registerTimesheets(api: Router, store: Store, scoped: Scope, profile: Profile) {
  const find = (companyId: string, id: string) => {
    checkId(id, 'TS');
    const t = store.company(companyId).timesheets.find((x) => x.id === id);
    if (!t) throw notFound('Timesheet');
    return t;
  };

  api.on(
    'GET',
    '/nxsys/time-sheets',
    scoped((companyId, { url, res }) => {
      const q = url.searchParams;
      const data = store.company(companyId);
      const search = (q.get('search') ?? '').toLowerCase();
      const from = q.get('bactchFrom'); // sic: the documented spelling
      const to = q.get('bactchTo');
      const eq = (name: string, value: string | number) => !q.get(name) || q.get(name) === String(value);
      const names = new Map(
        data.candidates.map((c) => [c.id, `${str(c.generalSetting.forename)} ${str(c.generalSetting.surname)}`.toLowerCase()]),
      );
      // Documented: search, payFrequency, paymentModel, bactchFrom/bactchTo, sortType/sortField. The rest are guesses (extended only).
      const guessed = (name: string, value: string | number) => !extended(profile) || eq(name, value);
      const items = data.timesheets.filter(
        (t) =>
          eq('payFrequency', t.payFrequency) &&
          eq('paymentModel', t.paymentModel) &&
          guessed('approveStatus', t.approveStatus) &&
          guessed('status', t.approveStatus) &&
          guessed('taxYear', t.taxYear) &&
          guessed('taxPeriod', t.taxPeriod) &&
          guessed('subcontractorRef', t.candidateId) &&
          (!from || t.startDate >= from) &&
          (!to || t.endDate <= to) &&
          (!search || `${t.id} ${t.candidateId} ${names.get(t.candidateId) ?? ''}`.toLowerCase().includes(search)),
      );
      const net = (t: Timesheet) => t.lines.reduce((s, l) => s + l.netPence, 0);
      const sorted = sortBy(
        items,
        url,
        {
          startDate: (t) => t.startDate,
          createdAt: (t) => t.createdAt,
          incrementId: (t) => t.incrementId,
          totalNet: net,
          approveStatus: (t) => t.approveStatus,
        },
        'incrementId',
      );
      const { docs, meta } = paginate(sorted, url);
      respondList(
        profile,
        res,
        'data',
        docs.map((t) => timesheetJson(store, companyId, t, profile)),
        meta,
      );
    }),
  );

  api.on(
    'GET',
    '/nxsys/time-sheets/:id',
    scoped((companyId, { params, res }) => {
      respond(profile, res, 200, { data: timesheetJson(store, companyId, find(companyId, params.id!), profile) });
    }),
  );

  api.on(
    'POST',
    '/nxsys/time-sheets',
    scoped((companyId, { body, res }) => {
      const input = requireBody(body);
      const p = new Problems();
      const candidate = store.company(companyId).candidates.find((c) => c.id === input.subcontractorRef);
      if (!candidate) p.add('subcontractorRef', 'subcontractorRef is not a candidate of this company');
      const startDate = str(input.startDate);
      const endDate = str(input.endDate);
      if (!isDate(startDate)) p.add('startDate', 'startDate must be a date (YYYY-MM-DD)');
      if (!isDate(endDate)) p.add('endDate', 'endDate must be a date (YYYY-MM-DD)');
      else if (isDate(startDate) && endDate < startDate) p.add('endDate', 'endDate must not be before startDate');
      const taxYear = Number(input.taxYear);
      if (!Number.isInteger(taxYear) || taxYear < 2000 || taxYear > 2100) p.add('taxYear', 'taxYear must be a year such as 2026');
      const period =
        input.taxPeriodConfig === undefined || input.taxPeriodConfig === null
          ? isDate(startDate)
            ? periodOf(startDate)
            : 1
          : Number(input.taxPeriodConfig);
      if (!Number.isInteger(period) || period < 1 || period > 53)
        p.add('taxPeriodConfig', 'taxPeriodConfig must be a tax period from 1 to 53');
      const lines = linesFrom(store, companyId, input.rates, p);
      p.throwIfAny();
      const now = new Date().toISOString();
      const t: Timesheet = {
        ...store.nextId('TS'),
        candidateId: candidate!.id,
        assignmentRef: typeof input.assignmentRef === 'string' ? input.assignmentRef : null,
        startDate,
        endDate,
        taxYear,
        taxPeriod: period,
        taxPeriodConfig: period,
        monthConfig: input.monthConfig ?? null,
        payFrequency: str(candidate!.generalSetting.payFrequency) === 'MONTHLY' ? 'MONTHLY' : 'WEEKLY',
        paymentModel: (str(candidate!.payrollSetting.paymentModel) || 'UMBRELLA') as PaymentModel,
        approveStatus: 'PENDING_AGENCY_APPROVAL',
        invoiceStatus: 'AWAITING_INVOICING',
        lines,
        createdAt: now,
        updatedAt: now,
      };
      store.company(companyId).timesheets.push(t);
      respond(profile, res, 201, { data: timesheetJson(store, companyId, t, profile) });
    }),
  );

  api.on(
    'PUT',
    '/nxsys/time-sheets/:id',
    scoped((companyId, { params, body, res }) => {
      const t = find(companyId, params.id!);
      if (t.approveStatus !== 'PENDING_AGENCY_APPROVAL') {
        throw new HttpError(422, 'invalid_request', `Timesheet ${t.id} is ${t.approveStatus.toLowerCase()} and can no longer be edited`, {
          field: 'id',
          approveStatus: t.approveStatus,
        });
      }
      const input = requireBody(body);
      const p = new Problems();
      const lines = linesFrom(store, companyId, input.rates, p);
      p.throwIfAny();
      t.lines = lines;
      t.updatedAt = new Date().toISOString();
      // Documented: "201" with {"data": […]}.
      respond(profile, res, 201, { data: [timesheetJson(store, companyId, t, profile)] });
    }),
  );
}

/** Sandbox control: approve a pending timesheet, which issues its payslip. */
export function approveTimesheet(store: Store, companyId: string, id: string) {
  const t = store.company(companyId).timesheets.find((x) => x.id === id);
  if (!t) throw notFound('Timesheet');
  if (t.approveStatus === 'APPROVED') return t;
  t.approveStatus = 'APPROVED';
  t.invoiceStatus = 'INVOICED';
  t.updatedAt = new Date().toISOString();
  issuePayslip(store, companyId, t);
  return t;
}
